"""PyTorch reference for the word language model benchmark (bench: `wordlm`).

pytorch/examples' word_language_model (model.py and main.py), LSTM, kept as it is: embedding, dropout, nn.LSTM
(sequence-first), dropout, linear decoder, log_softmax and NLLLoss; batchify and get_batch (tracks of
N // B tokens, windows of bptt, the last one shorter); hidden state carried and detached between windows;
clip_grad_norm_ and the hand-written SGD update; lr divided by 4 when an epoch's validation loss is not the
best. The token ids and the initial weights come from files the C# benchmark writes, so both sides train the
same model on the same windows.

Usage: python3 word_lm_bench.py --data DIR [--threads 1,2] [--timed-steps 30] [--runs 3] [--steps N]
DIR holds train.bin and valid.bin (int32 ids), init.safetensors (the library's names) and config.json.
Prints one row per thread count (training and evaluation tokens/s), then, with --steps N > 0, the validation
perplexity after N training steps on the last thread count.
"""
import argparse, json, math, os, statistics, struct, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class RNNModel(nn.Module):
    """model.py's RNNModel for rnn_type LSTM or GRU."""

    def __init__(self, rnn_type, ntoken, ninp, nhid, nlayers, dropout=0.5, tie_weights=False):
        super().__init__()
        self.ntoken = ntoken
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = getattr(nn, rnn_type)(ninp, nhid, nlayers, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie_weights:
            if nhid != ninp:
                raise ValueError('When using the tied flag, nhid must be equal to emsize')
            self.decoder.weight = self.encoder.weight
        self.init_weights()
        self.rnn_type = rnn_type
        self.nhid = nhid
        self.nlayers = nlayers

    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -initrange, initrange)

    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        decoded = self.decoder(output)
        decoded = decoded.view(-1, self.ntoken)
        return F.log_softmax(decoded, dim=1), hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        if self.rnn_type == 'LSTM':
            return (weight.new_zeros(self.nlayers, bsz, self.nhid), weight.new_zeros(self.nlayers, bsz, self.nhid))
        return weight.new_zeros(self.nlayers, bsz, self.nhid)


def batchify(data, bsz):
    nbatch = data.size(0) // bsz
    data = data.narrow(0, 0, nbatch * bsz)
    return data.view(bsz, -1).t().contiguous()


def get_batch(source, i, bptt):
    seq_len = min(bptt, len(source) - 1 - i)
    data = source[i:i + seq_len]
    target = source[i + 1:i + 1 + seq_len].view(-1)
    return data, target


def repackage_hidden(h):
    if isinstance(h, torch.Tensor):
        return h.detach()
    return tuple(repackage_hidden(v) for v in h)


def load_safetensors(path):
    """The library's state dict (F32 only), renamed to the example's modules: embedding → encoder, head → decoder."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    state = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        values = np.frombuffer(data[begin:end], dtype="<f4").reshape(entry["shape"])
        name = name.replace("embedding.", "encoder.", 1).replace("head.", "decoder.", 1)
        state[name] = torch.from_numpy(values.copy())
    return state


class Run:
    """main.py's training and evaluation for one configuration."""

    def __init__(self, args, config):
        self.c = config
        self.criterion = nn.NLLLoss()
        ids = lambda name: torch.from_numpy(np.fromfile(os.path.join(args.data, name), dtype="<i4").astype(np.int64))
        self.train_data = batchify(ids("train.bin"), config["batch_size"])
        self.val_data = batchify(ids("valid.bin"), config["eval_batch_size"])
        self.init = load_safetensors(os.path.join(args.data, "init.safetensors"))

    def new_model(self):
        c = self.c
        torch.manual_seed(c["seed"])
        model = RNNModel(c["model"], c["ntokens"], c["emsize"], c["nhid"], c["nlayers"], c["dropout"], c["tied"])
        model.load_state_dict(self.init)  # the same initial weights as the library's run
        return model

    def train_step(self, model, i, hidden, lr):
        data, targets = get_batch(self.train_data, i, self.c["bptt"])
        model.zero_grad()
        hidden = repackage_hidden(hidden)
        output, hidden = model(data, hidden)
        loss = self.criterion(output, targets)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), self.c["clip"])
        for p in model.parameters():
            p.data.add_(p.grad, alpha=-lr)
        return hidden, data.numel()

    def evaluate(self, model):
        model.eval()
        total_loss = 0.
        hidden = model.init_hidden(self.c["eval_batch_size"])
        with torch.no_grad():
            for i in range(0, self.val_data.size(0) - 1, self.c["bptt"]):
                data, targets = get_batch(self.val_data, i, self.c["bptt"])
                output, hidden = model(data, hidden)
                hidden = repackage_hidden(hidden)
                total_loss += len(data) * self.criterion(output, targets).item()
        model.train()
        return total_loss / (len(self.val_data) - 1)

    def windows(self):
        return list(range(0, self.train_data.size(0) - 1, self.c["bptt"]))

    def speed(self, warm_up_seconds, timed_steps, runs):
        """Training tokens/s (median step, full windows) and evaluation tokens/s (median whole pass)."""
        model = self.new_model()
        model.train()
        starts = self.windows()[:-1]  # the last window may be shorter
        hidden = model.init_hidden(self.c["batch_size"])
        step, warm_start = 0, time.perf_counter()
        while step < 2 or time.perf_counter() - warm_start < warm_up_seconds:
            hidden, _ = self.train_step(model, starts[step % len(starts)], hidden, self.c["lr"])
            step += 1
        times = []
        for _ in range(timed_steps):
            start = time.perf_counter()
            hidden, tokens = self.train_step(model, starts[step % len(starts)], hidden, self.c["lr"])
            times.append(time.perf_counter() - start)
            step += 1
        train = tokens / statistics.median(times)
        predicted = (self.val_data.size(0) - 1) * self.c["eval_batch_size"]
        self.evaluate(model)  # warm-up
        evals = []
        for _ in range(runs):
            start = time.perf_counter()
            self.evaluate(model)
            evals.append(time.perf_counter() - start)
        return train, predicted / statistics.median(evals)

    def perplexity(self, steps):
        """Validation perplexity after `steps` training steps, epochs as main.py runs them (lr / 4 on a plateau)."""
        model = self.new_model()
        lr, best_val_loss, done, start = self.c["lr"], None, 0, time.perf_counter()
        val_loss = None
        while done < steps:
            model.train()
            hidden = model.init_hidden(self.c["batch_size"])
            windows = self.windows()
            for i in windows[:steps - done]:
                hidden, _ = self.train_step(model, i, hidden, lr)
                done += 1
            val_loss = self.evaluate(model)
            if done % len(windows) == 0:  # an epoch ended: main.py's schedule
                if not best_val_loss or val_loss < best_val_loss:
                    best_val_loss = val_loss
                else:
                    lr /= 4.0
        return math.exp(val_loss), time.perf_counter() - start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--threads", default="1,2")
    p.add_argument("--timed-steps", type=int, default=30)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warm-up", type=float, default=4.0)
    p.add_argument("--steps", type=int, default=0)
    a = p.parse_args()
    with open(os.path.join(a.data, "config.json")) as f:
        config = json.load(f)
    run = Run(a, config)
    print(f"PyTorch {torch.__version__}, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset)')}")
    print("| threads | train tokens/s | eval tokens/s |")
    print("|---|---|---|")
    threads = [int(s) for s in a.threads.split(",")]
    for t in threads:
        torch.set_num_threads(t)
        if a.timed_steps > 0:
            train, evaluation = run.speed(a.warm_up, a.timed_steps, a.runs)
            print(f"| {t} | {train:,.0f} | {evaluation:,.0f} |", flush=True)
    if a.steps > 0:
        ppl, seconds = run.perplexity(a.steps)
        print(f"perplexity after {a.steps} steps: {ppl:.4f} ({seconds:.1f} s, {threads[-1]} threads)", flush=True)


if __name__ == "__main__":
    main()
