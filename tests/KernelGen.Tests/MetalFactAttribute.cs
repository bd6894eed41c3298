using KernelGen.Metal;
using static TorchSharp.torch;

namespace KernelGen.Tests;

/// <summary>A test that needs Metal (macOS on Apple Silicon) and LibTorch's MPS backend; skipped elsewhere with the reason.</summary>
sealed class MetalFactAttribute : FactAttribute
{
    public MetalFactAttribute()
    {
        if (SystemMetalDevice.Get(out var failure) is null) Skip = $"needs Metal: {failure}";
        else if (!MpsAvailable(out var why)) Skip = $"needs LibTorch's MPS backend: {why}";
    }

    /// <summary>
    /// This project references the linux-x64 CPU LibTorch only, so on a Mac TorchSharp may not load at all: that is
    /// a reason to skip, not an error in test discovery. Running the test on a Mac needs an osx-arm64 LibTorch.
    /// </summary>
    static bool MpsAvailable(out string why)
    {
        try
        {
            why = "this process's LibTorch has no MPS support (reference an osx-arm64 LibTorch)";
            return mps_is_available();
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            why = $"TorchSharp could not load its natives here ({e.Message}); reference an osx-arm64 LibTorch";
            return false;
        }
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
