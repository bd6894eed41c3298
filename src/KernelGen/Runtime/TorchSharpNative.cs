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
                ? "LibTorch itself is missing or incomplete next to the app: reference a LibTorch package (libtorch-cpu-linux-x64 2.10.0 or TorchSharp-cpu) and rebuild."
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
