using System.Runtime.InteropServices;

namespace KernelGen.Runtime;

/// <summary>
/// Checks, before TorchSharp's first call, that its native library loads, and otherwise throws an exception that
/// names the real cause and the fix. TorchSharp itself reports only a generic TypeInitializationException.
/// Generated module code calls this from the module's static constructor.
/// </summary>
public static class TorchSharpNative
{
    const string LibraryFile = "libLibTorchSharp.so";
    static volatile bool checkedOk;

    /// <summary>Throws <see cref="TorchSharpNativeLoadException"/> when TorchSharp's native library cannot load on Linux.</summary>
    public static void EnsureLoadable()
    {
        if (checkedOk || !OperatingSystem.IsLinux()) return;
        EnsureLoadable(AppContext.BaseDirectory);
        checkedOk = true;
    }

    /// <summary>
    /// For a host whose own folder has no TorchSharp natives (the packaged kernelgen worker): loads LibTorch and
    /// TorchSharp's native library from <paramref name="appDirectory"/>, the folder of the user's built app, so that
    /// TorchSharp's own lookups by name find the libraries already loaded. Throws <see cref="TorchSharpNativeLoadException"/>
    /// with the cause and the fix when they are missing or do not load. Does nothing when the host has its own natives.
    /// </summary>
    public static void UseNativesOf(string appDirectory)
    {
        if (checkedOk || !OperatingSystem.IsLinux() || FindLibrary(AppContext.BaseDirectory) is not null) return;
        var path = FindLibrary(appDirectory) ?? throw new TorchSharpNativeLoadException(
            $"TorchSharp's native library ({LibraryFile}) is in neither this tool's folder nor the app's ({appDirectory}). " +
            "Reference a LibTorch package in the app project, e.g. <PackageReference Include=\"libtorch-cpu-linux-x64\" Version=\"2.10.0\" /> or TorchSharp-cpu, and build it.");
        var folder = Path.GetDirectoryName(path)!;
        try
        {
            // Dependencies first (the order of the loader's own resolution); later loads by name reuse these handles.
            foreach (var dependency in LibTorchLoadOrder)
                if (File.Exists(Path.Combine(folder, dependency))) NativeLibrary.Load(Path.Combine(folder, dependency));
            NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new TorchSharpNativeLoadException(Explain(path, e.Message), e);
        }
        checkedOk = true;
    }

    static readonly string[] LibTorchLoadOrder = ["libgomp-98b21ff3.so.1", "libc10.so", "libtorch_cpu.so", "libtorch.so"];

    internal static void EnsureLoadable(string appDirectory)
    {
        var path = FindLibrary(appDirectory);
        if (path is null)
            throw new TorchSharpNativeLoadException(
                $"TorchSharp's native library ({LibraryFile}) is not next to the app ({appDirectory}). " +
                "Reference a LibTorch package in the app project, e.g. <PackageReference Include=\"libtorch-cpu-linux-x64\" Version=\"2.10.0\" /> or TorchSharp-cpu.");
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
        }
        catch (DllNotFoundException e)
        {
            throw new TorchSharpNativeLoadException(Explain(path, e.Message), e);
        }
    }

    static string Explain(string path, string loaderMessage)
    {
        var advice = loaderMessage.Contains("GLIBCXX_", StringComparison.Ordinal)
            ? "This system's libstdc++ is older than the one TorchSharp was built with. KernelGen's build step marks that " +
              "requirement weak after each copy of the file; make sure the project imports KernelGen's build targets and " +
              "rebuild (or publish) so the patched file is in place, or install a newer libstdc++ (GCC 13+)."
            : loaderMessage.Contains("libtorch", StringComparison.Ordinal)
                ? "LibTorch itself is missing or incomplete next to the app: reference a LibTorch package (libtorch-cpu-linux-x64 2.10.0 or TorchSharp-cpu) and rebuild, " +
                  "or, to use an installed LibTorch (e.g. a CUDA build of PyTorch: its torch/lib folder), put its lib folder on LD_LIBRARY_PATH."
                : "Check that the LibTorch package matches TorchSharp 0.107 (LibTorch 2.10) and that the app was rebuilt after adding it.";
        return $"TorchSharp's native library could not be loaded from {path}: {loaderMessage.Trim()} {advice}";
    }

    static string? FindLibrary(string directory)
    {
        foreach (var candidate in new[] { Path.Combine(directory, LibraryFile), Path.Combine(directory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", LibraryFile), Path.Combine(directory, "runtimes", "linux-x64", "native", LibraryFile) })
            if (File.Exists(candidate)) return candidate;
        return null;
    }
}

/// <summary>TorchSharp's native library cannot be loaded; the message names the cause and the fix.</summary>
public sealed class TorchSharpNativeLoadException : Exception
{
    public TorchSharpNativeLoadException(string message) : base(message) { }
    public TorchSharpNativeLoadException(string message, Exception inner) : base(message, inner) { }
}
