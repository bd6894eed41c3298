using System.Runtime.InteropServices;

namespace KernelBench;

/// <summary>
/// Lets the published sample run on a machine whose LibTorch comes from a PyTorch installation instead of a NuGet
/// package (the CUDA test host): when <c>KERNELBENCH_TORCH_LIB</c> names PyTorch's <c>torch/lib</c> folder, LibTorch's
/// libraries are loaded from there, in dependency order, before TorchSharp's first call, so that TorchSharp's own
/// native library (next to the app) finds them already in the process.
/// </summary>
static class TorchHostLibraries
{
    /// <summary>The environment variable naming PyTorch's <c>torch/lib</c> folder.</summary>
    public const string Variable = "KERNELBENCH_TORCH_LIB";

    static readonly string[] LoadOrder = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    /// <summary>Loads the libraries when the variable is set; returns the folder used, or null.</summary>
    public static string? PreloadFromEnvironment()
    {
        var folder = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(folder)) return null;
        foreach (var library in LoadOrder)
        {
            var path = Path.Combine(folder, library);
            if (!File.Exists(path))
                throw new InvalidOperationException($"{Variable}={folder}: {library} is not there; point it at PyTorch's torch/lib folder (e.g. /opt/torch/.venv/lib/python3.12/site-packages/torch/lib).");
            NativeLibrary.Load(path);
        }
        NativeLibrary.Load(Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"));
        return folder;
    }
}
