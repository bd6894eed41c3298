using CudaBench;

// Usage: CudaBench [--out DIR] [--trials N] [--full-trials N] [--samples N] [--only NAME[,NAME]] (docs/cuda.md)
var options = RunOptions.Parse(args);
var torchLib = NativeLibraries.Load();
return new Runner(options, torchLib).Run();
