using System.Runtime.InteropServices;

namespace CudaBench;

/// <summary>
/// Loads the host's CUDA LibTorch before TorchSharp's first call, in dependency order, then TorchSharp's own
/// library from the app folder (ENVIRONMENT recipe of docs/cuda.md). The folder comes from <c>KERNELGEN_TORCH_LIB</c>
/// or defaults to the host's PyTorch.
/// </summary>
static class NativeLibraries
{
    const string DefaultTorchLib = "/opt/torch/.venv/lib/python3.12/site-packages/torch/lib";

    static readonly string[] LoadOrder = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];

    public static string Load()
    {
        var folder = Environment.GetEnvironmentVariable("KERNELGEN_TORCH_LIB") ?? DefaultTorchLib;
        foreach (var library in LoadOrder)
        {
            var path = Path.Combine(folder, library);
            if (!NativeLibrary.TryLoad(path, out _))
                throw new InvalidOperationException($"could not load {path}: set KERNELGEN_TORCH_LIB to the lib folder of a CUDA build of PyTorch/LibTorch and put it on LD_LIBRARY_PATH");
        }
        NativeLibrary.Load(Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"));
        return folder;
    }
}
