using CudaBench;

// Usage: CudaBench [--out DIR] [--trials N] [--full-trials N] [--samples N] [--only NAME[,NAME]] (docs/cuda.md)
//        CudaBench --selftest
var torchLib = NativeLibraries.Load();
if (args is ["--selftest"]) return SelfTest.Run();
return new Runner(RunOptions.Parse(args), torchLib).Run();
