// Notebook runs change the process's current directory and Console writers while a cell runs;
// the runner copes with concurrent runs, but tests that compare exact outputs run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
