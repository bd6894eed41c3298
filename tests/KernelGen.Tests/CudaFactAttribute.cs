using KernelGen.Cuda;
using static TorchSharp.torch;

namespace KernelGen.Tests;

/// <summary>A test that needs an NVIDIA GPU, its driver and a CUDA build of LibTorch; skipped elsewhere with the reason.</summary>
sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (CudaDriver.Shared is null) Skip = $"needs a CUDA GPU: {CudaDriver.LoadFailure}";
        else if (!cuda.is_available()) Skip = "needs a CUDA build of LibTorch: this test project references the CPU LibTorch only";
    }
}

/// <summary>A test of the no-driver path; skipped on machines where a CUDA driver loads (the path cannot be reached there).</summary>
sealed class NoCudaDriverFactAttribute : FactAttribute
{
    public NoCudaDriverFactAttribute()
    {
        if (CudaDriver.Shared is not null) Skip = "a CUDA driver is installed here, so the missing-driver path cannot run";
    }
}
