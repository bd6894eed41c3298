using System.Runtime.InteropServices;
using KernelGen.Engine.Workers;

namespace KernelGen.Cli.Doctor;

/// <summary>
/// Everything doctor looks at on the machine, so that tests can show it a machine with or without each piece: the
/// <c>dotnet</c> host, environment variables, where native libraries are searched, the system libstdc++ and the OS.
/// </summary>
/// <param name="DotnetPath">The <c>dotnet</c> host whose SDKs are listed.</param>
/// <param name="Environment">Reads an environment variable; values are only tested for presence, never printed.</param>
/// <param name="NativeDirectories">Folders searched for the CUDA driver and NVRTC, in order.</param>
/// <param name="UseLoaderSearchPath">Also ask the system loader by bare name (LD_LIBRARY_PATH, ld.so.cache).</param>
/// <param name="LibStdCxxPaths">Where the system libstdc++ may be.</param>
/// <param name="Platform">The operating system, for Metal.</param>
sealed record DoctorEnvironment(
    string DotnetPath,
    Func<string, string?> Environment,
    IReadOnlyList<string> NativeDirectories,
    bool UseLoaderSearchPath,
    string[] LibStdCxxPaths,
    OSPlatform Platform)
{
    /// <summary>This machine as it is.</summary>
    public static DoctorEnvironment Current => new(
        DotnetHost.Path,
        System.Environment.GetEnvironmentVariable,
        CudaDirectories(System.Environment.GetEnvironmentVariable),
        UseLoaderSearchPath: true,
        ElfVersionRequirements.SystemLibStdCxxPaths,
        OperatingSystem.IsMacOS() ? OSPlatform.OSX : OperatingSystem.IsWindows() ? OSPlatform.Windows : OSPlatform.Linux);

    /// <summary>The CUDA toolkit's usual library folders (and <c>CUDA_PATH</c>'s), where NVRTC lives outside the loader's path.</summary>
    static IReadOnlyList<string> CudaDirectories(Func<string, string?> environment)
    {
        var roots = new[] { environment("CUDA_PATH"), environment("CUDA_HOME"), "/usr/local/cuda" }.OfType<string>().Where(r => r.Length > 0);
        return [.. roots.SelectMany(r => new[] { Path.Combine(r, "lib64"), Path.Combine(r, "targets", "x86_64-linux", "lib") }).Distinct()];
    }
}
