using System.Runtime.CompilerServices;

// The engine's verifier and benchmarker call candidate kernels through the dispatcher's own internal path
// (CpuKernelVariant.TryRun), so verification measures exactly what an app runs.
[assembly: InternalsVisibleTo("KernelGen.Engine")]
