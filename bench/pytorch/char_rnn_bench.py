"""PyTorch reference for the char-model training benchmark (bench: `rnn`).

Times one full training step — forward, cross-entropy, backward, clip_grad_norm_(5), AdamW — for the
same shapes as RnnBench.cs (vocab 65, embedding = hidden, batch-first), and prints tokens per second,
the median of several timed steps after 4 seconds of warm-up steps.
Usage: python3 bench/pytorch/char_rnn_bench.py [--threads 1,2] [--runs 7] [--only lstm512]
"""
import argparse, statistics, time
import torch

SHAPES = [("elman", 128, 2, 50, 50), ("lstm", 128, 2, 50, 50), ("gru", 128, 2, 50, 50),
          ("elman", 512, 2, 32, 64), ("lstm", 512, 2, 32, 64), ("gru", 512, 2, 32, 64)]


class CharModel(torch.nn.Module):
    def __init__(self, kind, vocab, hidden, layers):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, hidden)
        rnn = {"elman": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind]
        self.rnn = rnn(hidden, hidden, layers, batch_first=True)
        self.head = torch.nn.Linear(hidden, vocab)

    def forward(self, x):
        out, _ = self.rnn(self.embedding(x))
        return self.head(out)


def measure(kind, hidden, layers, batch, steps, runs):
    torch.manual_seed(1)
    model = CharModel(kind, 65, hidden, layers)
    opt = torch.optim.AdamW(model.parameters())
    x = torch.randint(0, 65, (batch, steps))
    y = torch.randint(0, 65, (batch, steps))

    def step():
        opt.zero_grad()
        logits = model(x)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, 65), y.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()

    warm_start = time.perf_counter()
    step(); step()
    while time.perf_counter() - warm_start < 4.0:  # the same warm-up as RnnBench.cs
        step()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return batch * steps / statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", default="1,2")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--only", default=None)
    a = p.parse_args()
    print(f"PyTorch {torch.__version__}")
    print("| model | H | L | B | T | threads | tokens/s |")
    print("|---|---|---|---|---|---|---|")
    for kind, hidden, layers, batch, steps in SHAPES:
        if a.only and a.only != f"{kind}{hidden}":
            continue
        for t in [int(s) for s in a.threads.split(",")]:
            torch.set_num_threads(t)
            tps = measure(kind, hidden, layers, batch, steps, a.runs)
            print(f"| {kind} | {hidden} | {layers} | {batch} | {steps} | {t} | {tps:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
