using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using KernelGen.Cli.Inspection;
using KernelGen.Engine.Configuration;
using KernelGen.Engine.Projects;

namespace KernelGen.Cli.Doctor;

/// <summary>
/// The checks of <c>kernelgen doctor</c>. Each returns findings with the fix; none throws for a missing piece, and
/// none prints an environment variable's value.
/// </summary>
sealed class DoctorChecks(DoctorEnvironment machine)
{
    const string TorchSharpLibrary = "libLibTorchSharp.so";
    const string GlibcxxVersion = "GLIBCXX_3.4.32";

    /// <summary>Environment variables the model providers read; only whether each is set is reported.</summary>
    public static readonly IReadOnlyList<string> ProviderVariables = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OLLAMA_HOST"];

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int GetVersion(out int version);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int GetMajorMinor(out int major, out int minor);

    /// <summary>
    /// A .NET 10 (or later) SDK on the <c>dotnet</c> host: the engine builds projects with it. A machine that only runs
    /// kernels (the CUDA host) can do without one when KERNELGEN_BUILD_TARGET_PATH and KERNELGEN_BUILD_CACHE_DIR name a
    /// build made elsewhere: then a missing SDK is a warning.
    /// </summary>
    public DoctorFinding DotnetSdk()
    {
        string output;
        try
        {
            var start = new ProcessStartInfo(machine.DotnetPath, "--list-sdks") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start)!;
            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
        }
        catch (Win32Exception e)
        {
            return NoSdk($"cannot run {machine.DotnetPath}: {e.Message}");
        }
        var versions = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[0].Trim()).ToList();
        var usable = versions.Where(v => Version.TryParse(v.Split('-')[0], out var parsed) && parsed.Major >= 10).ToList();
        return usable.Count > 0
            ? new(SdkCheck, Severity.Ok, $"{string.Join(", ", usable)} ({machine.DotnetPath})")
            : NoSdk(versions.Count == 0 ? $"no SDK installed for {machine.DotnetPath}" : $"only {string.Join(", ", versions)}");
    }

    const string SdkCheck = ".NET SDK";

    DoctorFinding NoSdk(string summary)
    {
        const string install = "install the .NET 10 SDK (global.json asks for 10.0.1xx or later) and put dotnet on PATH";
        var prebuilt = machine.Environment(ProjectBuild.BuildTargetPathVariable) is { Length: > 0 }
            && machine.Environment(ProjectBuild.BuildCacheDirVariable) is { Length: > 0 };
        return prebuilt
            ? new(SdkCheck, Severity.Warning,
                $"{summary}; {ProjectBuild.BuildTargetPathVariable} and {ProjectBuild.BuildCacheDirVariable} name a build made elsewhere, which every verb uses with --no-build, but no project can be built here",
                install + " to build here")
            : new(SdkCheck, Severity.Error, summary,
                $"{install}; or, on a machine that only runs kernels, set {ProjectBuild.BuildTargetPathVariable} and {ProjectBuild.BuildCacheDirVariable} to an assembly built elsewhere and its kernel cache, and pass --no-build (docs/cli.md)");
    }

    /// <summary>
    /// TorchSharp's native library next to the project's build output: present, whether it needs the libstdc++ fix
    /// (it requires GLIBCXX_3.4.32 and the system lacks it), whether the fix is applied, and whether it loads.
    /// </summary>
    /// <param name="appDirectory">The project's output folder; null when doctor ran without --project.</param>
    /// <param name="projectPath">Named in the fixes.</param>
    public DoctorFinding TorchSharpNative(string? appDirectory, string? projectPath)
    {
        const string check = "TorchSharp native";
        if (appDirectory is null)
            return new(check, Severity.Info, "not checked: the natives are the project's; run kernelgen doctor --project <csproj>");
        if (machine.Platform != OSPlatform.Linux)
            return new(check, Severity.Info, "the libstdc++ check applies to Linux only");
        var rebuild = $"rebuild the project so that KernelGen's build step patches the copied file: dotnet build {projectPath ?? "<csproj>"} -c Release (and leave KernelGenPatchLibStdCxx at its default, true)";
        var library = new[] { Path.Combine(appDirectory, TorchSharpLibrary), Path.Combine(appDirectory, "runtimes", "linux-x64", "native", TorchSharpLibrary) }
            .FirstOrDefault(File.Exists);
        if (library is null)
            return new(check, Severity.Error, $"{TorchSharpLibrary} is not in {appDirectory}",
                "reference a LibTorch package in the project (<PackageReference Include=\"libtorch-cpu-linux-x64\" Version=\"2.10.0\" /> or TorchSharp-cpu) and rebuild");

        bool requires, weak;
        try
        {
            var bytes = File.ReadAllBytes(library);
            var flagsOffset = ElfVersionRequirements.FindVernauxFlags(bytes, GlibcxxVersion);
            requires = flagsOffset >= 0;
            weak = requires && (BitConverter.ToUInt16(bytes, flagsOffset) & ElfVersionRequirements.VerFlagWeak) != 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            return new(check, Severity.Error, $"{library} is not a readable ELF64 library: {e.Message}", rebuild);
        }
        var systemHasIt = ElfVersionRequirements.SystemLibStdCxxProvides(GlibcxxVersion, machine.LibStdCxxPaths);
        var fixNotApplied = requires && !weak && !systemHasIt;
        var fixState = !requires ? $"the libstdc++ fix is not needed (no {GlibcxxVersion} requirement)"
            : systemHasIt ? $"the libstdc++ fix is not needed (this system's libstdc++ has {GlibcxxVersion}){(weak ? "; the file is patched anyway" : "")}"
            : weak ? $"the libstdc++ fix was needed and is applied ({GlibcxxVersion} marked weak)"
            : $"the libstdc++ fix is needed and NOT applied ({GlibcxxVersion} required, this system's libstdc++ lacks it)";

        try
        {
            NativeLibrary.Free(NativeLibrary.Load(library));
        }
        catch (DllNotFoundException e)
        {
            var fix = fixNotApplied || e.Message.Contains("GLIBCXX_", StringComparison.Ordinal)
                ? rebuild
                : "reference a LibTorch package that matches TorchSharp 0.107 (libtorch-cpu-linux-x64 2.10.0) next to it and rebuild, "
                  + "or, to use an installed LibTorch (e.g. a CUDA build of PyTorch: its torch/lib folder), put its lib folder on LD_LIBRARY_PATH";
            return new(check, Severity.Error, $"{library} does not load: {e.Message.Trim()}; {fixState}", fix);
        }
        return fixNotApplied
            ? new(check, Severity.Error, $"{library} loads, but {fixState}", rebuild)
            : new(check, Severity.Ok, $"{library} loads; {fixState}");
    }

    /// <summary>The CUDA driver (libcuda.so.1) and its version; needed only for CUDA kernels.</summary>
    public DoctorFinding CudaDriver()
    {
        const string check = "CUDA driver";
        if (TryLoad(["libcuda.so.1", "libcuda.so"], out var handle, out var path) is false)
            return new(check, Severity.Warning, "libcuda.so.1 not found: CUDA kernels cannot be verified or run on this machine (CPU kernels are unaffected)",
                "on a machine with an NVIDIA GPU, install the NVIDIA driver (it provides libcuda.so.1)");
        try
        {
            if (!NativeLibrary.TryGetExport(handle, "cuDriverGetVersion", out var export))
                return new(check, Severity.Error, $"{path} has no cuDriverGetVersion: not a CUDA driver library", "reinstall the NVIDIA driver");
            var status = Marshal.GetDelegateForFunctionPointer<GetVersion>(export)(out var version);
            return status == 0
                ? new(check, Severity.Ok, $"CUDA {version / 1000}.{version % 1000 / 10} driver API ({path})")
                : new(check, Severity.Error, $"{path}: cuDriverGetVersion failed with CUDA error {status}", "check the driver installation with nvidia-smi");
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }

    /// <summary>NVRTC, which compiles CUDA kernels at run time, and its version.</summary>
    public DoctorFinding Nvrtc()
    {
        const string check = "NVRTC";
        if (TryLoad(["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"], out var handle, out var path) is false)
            return new(check, Severity.Warning, "libnvrtc not found: CUDA kernels cannot be compiled on this machine (CPU kernels are unaffected)",
                "install the CUDA toolkit's NVRTC (e.g. Debian/Ubuntu package cuda-nvrtc-13-0) or set CUDA_PATH to the toolkit");
        try
        {
            if (!NativeLibrary.TryGetExport(handle, "nvrtcVersion", out var export))
                return new(check, Severity.Error, $"{path} has no nvrtcVersion: not an NVRTC library", "reinstall the CUDA toolkit's NVRTC");
            var status = Marshal.GetDelegateForFunctionPointer<GetMajorMinor>(export)(out var major, out var minor);
            return status == 0
                ? new(check, Severity.Ok, $"NVRTC {major}.{minor} ({path})")
                : new(check, Severity.Error, $"{path}: nvrtcVersion failed with NVRTC error {status}", "reinstall the CUDA toolkit's NVRTC");
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }

    /// <summary>Metal exists only on macOS; elsewhere this is a statement of fact, not a problem.</summary>
    public DoctorFinding Metal()
    {
        const string check = "Metal";
        if (machine.Platform != OSPlatform.OSX)
            return new(check, Severity.Info, $"not available on {(machine.Platform == OSPlatform.Windows ? "Windows" : "Linux")} (Metal exists only on macOS)");
        const string framework = "/System/Library/Frameworks/Metal.framework/Metal";
        if (!NativeLibrary.TryLoad(framework, out var handle))
            return new(check, Severity.Warning, $"{framework} does not load", "Metal needs macOS 13 or later on Apple silicon");
        NativeLibrary.Free(handle);
        return new(check, Severity.Ok, $"{framework} loads");
    }

    /// <summary>
    /// <c>kernelgen.json</c>, read by the engine's own loader: whether it is valid, and for each model whether what it
    /// needs is there (its key variable set, its command or transcript present). Values of variables are never read out.
    /// </summary>
    /// <param name="configPath">The configuration file; null when doctor has no project and no --config.</param>
    public IEnumerable<DoctorFinding> ProviderConfiguration(string? configPath)
    {
        const string check = "kernelgen.json";
        if (configPath is null)
        {
            yield return new(check, Severity.Info, "not checked: run kernelgen doctor --project <csproj> (or --config <file>)");
            yield break;
        }
        if (!File.Exists(configPath))
        {
            yield return new(check, Severity.Info, $"{configPath} does not exist: generate then needs --provider command|replay",
                "to generate with a swarm of models, create it (docs/providers.md)");
            yield break;
        }
        var (config, invalid) = TryLoad(configPath);
        if (config is null)
        {
            yield return new(check, Severity.Error, invalid!, "correct the field named in the message (docs/providers.md describes every field)");
            yield break;
        }

        yield return new(check, Severity.Ok, $"{config.Models.Count} model(s): {string.Join(", ", config.Models.Select(m => $"{m.Name} ({m.Provider}{(m.Model is null ? "" : " " + m.Model)})"))}");
        foreach (var model in config.Models)
        {
            var at = $"{check} model {model.Name}";
            if (model.ApiKeyVariable is { } variable && string.IsNullOrEmpty(machine.Environment(variable)))
                yield return new(at, Severity.Error, $"needs the environment variable {variable}, which is not set",
                    $"set {variable} in the environment that runs kernelgen (never in kernelgen.json or a committed file)");
            if (model.Command is { } command && (command.Contains('/', StringComparison.Ordinal) ? !File.Exists(command) : FindOnPath(command) is null))
                yield return new(at, Severity.Error, $"its command {command} was not found", "install it, or correct models[].command (a path is relative to kernelgen.json)");
            if (model.Transcript is { } transcript && !File.Exists(transcript))
                yield return new(at, Severity.Error, $"its transcript {transcript} does not exist", "record one with a command provider first, or correct models[].transcript");
        }
    }

    /// <summary>Which provider variables are set (never their values). The command and replay providers need none.</summary>
    public DoctorFinding ProviderKeys()
    {
        var states = ProviderVariables.Select(name => $"{name} {(string.IsNullOrEmpty(machine.Environment(name)) ? "not set" : "set")}");
        return new("provider keys", Severity.Info,
            $"{string.Join(", ", states)} (the command and replay providers need none; values are never printed)");
    }

    static (KernelGenConfig? Config, string? Problem) TryLoad(string path)
    {
        try
        {
            return (KernelGenConfigReader.Load(path), null);
        }
        catch (ConfigurationException e)
        {
            return (null, e.Message);
        }
    }

    string? FindOnPath(string command) =>
        (machine.Environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, command)).FirstOrDefault(File.Exists);

    /// <summary>One finding per module whose kernel cache needs attention, or one that says all are healthy.</summary>
    public static IEnumerable<DoctorFinding> CacheHealth(IReadOnlyList<ModuleInspection>? modules)
    {
        const string check = "kernel cache";
        if (modules is null)
        {
            yield return new(check, Severity.Info, "not checked: run kernelgen doctor --project <csproj>");
            yield break;
        }
        var healthy = 0;
        foreach (var module in modules)
        {
            var severity = module.State switch
            {
                ModuleCacheState.Fresh or ModuleCacheState.Intact => Severity.Ok,
                ModuleCacheState.NoCache => Severity.Info,
                ModuleCacheState.StaleFingerprint or ModuleCacheState.NoModule => Severity.Warning,
                _ => Severity.Error,
            };
            if (severity == Severity.Ok) healthy++;
            else yield return new($"{check} {module.Module}", severity, module.Problem ?? "no kernels yet (the app runs the reference)", module.Fix);
        }
        yield return new(check, Severity.Ok, $"{healthy} of {modules.Count} module(s) fresh");
    }

    bool TryLoad(string[] names, out IntPtr handle, out string path)
    {
        foreach (var directory in machine.NativeDirectories)
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out handle))
                {
                    path = candidate;
                    return true;
                }
            }
        if (machine.UseLoaderSearchPath)
            foreach (var name in names)
                if (NativeLibrary.TryLoad(name, out handle))
                {
                    path = name;
                    return true;
                }
        handle = IntPtr.Zero;
        path = "";
        return false;
    }
}
