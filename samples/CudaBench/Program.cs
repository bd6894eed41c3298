using CudaBench;

// Usage: CudaBench [--out DIR] [--trials N] [--full-trials N] [--samples N] [--only NAME[,NAME]] (docs/cuda.md)
//        CudaBench kernelbench [the same options; --only takes keys such as L1-25] (docs/kernelbench.md)
//        CudaBench --selftest
var torchLib = NativeLibraries.Load();
if (args is ["--selftest"]) return SelfTest.Run();
if (args is ["kernelbench", .. var rest]) return new KernelBenchRunner(RunOptions.Parse(rest), torchLib).Run();
return new Runner(RunOptions.Parse(args), torchLib).Run();
