using KernelGen.Metal;
using static TorchSharp.torch;

namespace KernelGen.Tests;

/// <summary>A test that needs Metal (macOS on Apple Silicon) and LibTorch's MPS backend; skipped elsewhere with the reason.</summary>
sealed class MetalFactAttribute : FactAttribute
{
    public MetalFactAttribute()
    {
        if (SystemMetalDevice.Get(out var failure) is null) Skip = $"needs Metal: {failure}";
        else if (!mps_is_available()) Skip = "needs LibTorch's MPS backend: this test project references a LibTorch without it";
    }
}

/// <summary>A test of the no-Metal path; skipped where Metal is available (the path cannot be reached there).</summary>
sealed class NoMetalFactAttribute : FactAttribute
{
    public NoMetalFactAttribute()
    {
        if (SystemMetalDevice.Get(out _) is not null) Skip = "Metal is available here, so the missing-device path cannot run";
    }
}
