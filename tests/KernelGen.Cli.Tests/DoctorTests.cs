using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using KernelGen.Cli.Doctor;
using KernelGen.Cli.Inspection;
using KernelGen.Engine.Cache;

namespace KernelGen.Cli.Tests;

/// <summary>
/// Doctor on a machine with and without each piece it checks. The machine is described by a
/// <see cref="DoctorEnvironment"/>: the real one where this machine has the piece (SDK, patched TorchSharp natives, no
/// CUDA), and folders or variables that simulate the other case.
/// </summary>
public class DoctorTests
{
    const string Glibcxx = "GLIBCXX_3.4.32";

    static DoctorEnvironment Machine(
        string? dotnet = null, Dictionary<string, string>? environment = null, IReadOnlyList<string>? nativeDirectories = null,
        bool loaderSearch = false, OSPlatform? platform = null) =>
        DoctorEnvironment.Current with
        {
            DotnetPath = dotnet ?? DoctorEnvironment.Current.DotnetPath,
            Environment = name => environment?.GetValueOrDefault(name),
            NativeDirectories = nativeDirectories ?? [],
            UseLoaderSearchPath = loaderSearch,
            Platform = platform ?? OSPlatform.Linux,
        };

    static bool SystemHasGlibcxx => ElfVersionRequirements.SystemLibStdCxxProvides(Glibcxx, ElfVersionRequirements.SystemLibStdCxxPaths);

    static string PristineLibTorchSharp()
    {
        var root = typeof(DoctorTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;
        return Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    /// <summary>A folder with a shared library compiled from <paramref name="c"/> by gcc (named as the real one).</summary>
    static string NativeFolderWith(string fileName, string c)
    {
        var folder = Directory.CreateTempSubdirectory("kernelgen-doctor-native-").FullName;
        var source = Path.Combine(folder, "library.c");
        File.WriteAllText(source, c);
        var gcc = Process.Start(new ProcessStartInfo("gcc", ["-shared", "-fPIC", "-o", Path.Combine(folder, fileName), source]) { RedirectStandardError = true })!;
        var error = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        Assert.True(gcc.ExitCode == 0, $"gcc (Debian 12's build machines have it) failed: {error}");
        return folder;
    }

    [Fact]
    public void The_sdk_that_runs_the_tests_is_found()
    {
        var finding = new DoctorChecks(Machine()).DotnetSdk();

        Assert.Equal(Severity.Ok, finding.Severity);
        Assert.Matches(@"^1\d\.\d+\.\d+", finding.Summary);
    }

    [Fact]
    public void A_machine_without_dotnet_gets_an_error_with_the_install_fix()
    {
        var finding = new DoctorChecks(Machine(dotnet: "/nonexistent/dotnet")).DotnetSdk();

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("/nonexistent/dotnet", finding.Summary);
        Assert.Contains("install the .NET 10 SDK", finding.Fix);
        Assert.Contains("KERNELGEN_BUILD_TARGET_PATH", finding.Fix); // the way to run on a machine that has no SDK
    }

    [Fact]
    public void A_machine_without_dotnet_that_is_given_a_build_made_elsewhere_gets_a_warning()
    {
        var prebuilt = new Dictionary<string, string> { ["KERNELGEN_BUILD_TARGET_PATH"] = "/builds/App.dll", ["KERNELGEN_BUILD_CACHE_DIR"] = "/builds/kernels" };

        var finding = new DoctorChecks(Machine(dotnet: "/nonexistent/dotnet", environment: prebuilt)).DotnetSdk();

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("no project can be built here", finding.Summary);
        Assert.DoesNotContain("/builds/App.dll", finding.Summary); // variables are named, never printed
    }

    [Fact]
    public void A_project_output_without_torchsharp_natives_names_the_package_to_reference()
    {
        var empty = Directory.CreateTempSubdirectory("kernelgen-doctor-empty-").FullName;

        var finding = new DoctorChecks(Machine()).TorchSharpNative(empty, "/p/App.csproj");

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("libLibTorchSharp.so is not in", finding.Summary);
        Assert.Contains("libtorch-cpu-linux-x64", finding.Fix);
    }

    [Fact]
    public void The_build_patched_natives_load_and_doctor_says_whether_the_fix_was_needed()
    {
        // This test project's own output: the repository's build targets patched the copied libLibTorchSharp.so.
        var finding = new DoctorChecks(Machine()).TorchSharpNative(AppContext.BaseDirectory, "/p/App.csproj");

        Assert.True(finding.Severity == Severity.Ok, finding.ToString());
        Assert.Contains("loads", finding.Summary);
        Assert.Contains(SystemHasGlibcxx ? "the libstdc++ fix is not needed" : "the libstdc++ fix was needed and is applied", finding.Summary);
    }

    [Fact]
    public void An_unpatched_copy_of_the_natives_is_an_error_that_says_to_rebuild()
    {
        var folder = Directory.CreateTempSubdirectory("kernelgen-doctor-unpatched-").FullName;
        File.Copy(PristineLibTorchSharp(), Path.Combine(folder, "libLibTorchSharp.so"));
        var natives = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        foreach (var file in Directory.GetFiles(natives).Where(f => !f.EndsWith("libLibTorchSharp.so", StringComparison.Ordinal)))
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(file)), file);

        var finding = new DoctorChecks(Machine()).TorchSharpNative(folder, "/p/App.csproj");

        if (SystemHasGlibcxx)
        {
            // A newer libstdc++ loads the pristine file: then there is nothing to fix.
            Assert.Equal(Severity.Ok, finding.Severity);
            return;
        }
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("the libstdc++ fix is needed and NOT applied", finding.Summary);
        Assert.Contains(Glibcxx, finding.Summary); // the loader's own message names the version
        Assert.Contains("dotnet build /p/App.csproj -c Release", finding.Fix);
    }

    [Fact]
    public void Without_a_project_the_natives_are_not_checked_and_doctor_says_how()
    {
        var finding = new DoctorChecks(Machine()).TorchSharpNative(null, null);

        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("--project", finding.Summary);
    }

    [Fact]
    public void A_machine_without_the_cuda_driver_gets_a_warning_not_an_error()
    {
        var checks = new DoctorChecks(Machine());

        var driver = checks.CudaDriver();
        var nvrtc = checks.Nvrtc();

        Assert.Equal(Severity.Warning, driver.Severity);
        Assert.Contains("libcuda.so.1 not found", driver.Summary);
        Assert.Contains("NVIDIA driver", driver.Fix);
        Assert.Equal(Severity.Warning, nvrtc.Severity);
        Assert.Contains("NVRTC", nvrtc.Fix);
    }

    [Fact]
    public void A_library_named_libcuda_is_asked_for_its_driver_version()
    {
        // A stand-in for the driver that exports the one function doctor calls, with the driver's signature.
        var folder = NativeFolderWith("libcuda.so.1", "int cuDriverGetVersion(int* version) { *version = 12040; return 0; }");

        var finding = new DoctorChecks(Machine(nativeDirectories: [folder])).CudaDriver();

        Assert.Equal(Severity.Ok, finding.Severity);
        Assert.Equal($"CUDA 12.4 driver API ({Path.Combine(folder, "libcuda.so.1")})", finding.Summary);
    }

    [Fact]
    public void A_libcuda_without_the_driver_api_is_an_error()
    {
        var folder = NativeFolderWith("libcuda.so.1", "int somethingElse(void) { return 0; }");

        var finding = new DoctorChecks(Machine(nativeDirectories: [folder])).CudaDriver();

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("no cuDriverGetVersion", finding.Summary);
    }

    [Fact]
    public void A_library_named_libnvrtc_is_asked_for_its_version()
    {
        var folder = NativeFolderWith("libnvrtc.so.13", "int nvrtcVersion(int* major, int* minor) { *major = 13; *minor = 0; return 0; }");

        var finding = new DoctorChecks(Machine(nativeDirectories: [folder])).Nvrtc();

        Assert.Equal(Severity.Ok, finding.Severity);
        Assert.StartsWith("NVRTC 13.0 (", finding.Summary);
    }

    [Fact]
    public void Metal_is_a_plain_statement_on_linux_and_a_real_check_on_macos()
    {
        var linux = new DoctorChecks(Machine()).Metal();
        var mac = new DoctorChecks(Machine(platform: OSPlatform.OSX)).Metal(); // this Linux machine has no Metal framework

        Assert.Equal(new DoctorFinding("Metal", Severity.Info, "not available on Linux (Metal exists only on macOS)"), linux);
        Assert.Equal(Severity.Warning, mac.Severity);
        Assert.Contains("Metal.framework", mac.Summary);
    }

    [Fact]
    public void Provider_keys_are_reported_as_set_or_not_and_their_values_never_appear()
    {
        var secret = "sk-" + "doctor-test-0123456789";
        var finding = new DoctorChecks(Machine(environment: new() { ["OPENAI_API_KEY"] = secret })).ProviderKeys();

        Assert.Contains("OPENAI_API_KEY set", finding.Summary);
        Assert.Contains("ANTHROPIC_API_KEY not set", finding.Summary);
        Assert.DoesNotContain(secret, finding.ToString());
        Assert.DoesNotContain("doctor-test", finding.ToString());
    }

    [Fact]
    public void Cache_health_gives_one_finding_per_unhealthy_module_with_its_fix()
    {
        using var copy = new KernelsCopy();
        var fingerprints = Directory.GetDirectories(copy.Root).Select(d => LockFile.Read(Path.Combine(d, KernelLock.FileName)))
            .ToDictionary(l => l.Module, l => l.Fingerprint);
        fingerprints["QuickStart.SwiGluGate"] = new string('0', 64);
        File.AppendAllText(copy.PathOf(KernelsCopy.RmsNormKernel), "// edited\n");

        var findings = DoctorChecks.CacheHealth(CacheInspector.Inspect(new KernelCache(copy.Root), fingerprints, "/p/App.csproj")).ToList();

        var tampered = Assert.Single(findings, f => f.Check == "kernel cache QuickStart.RmsNorm");
        Assert.Equal(Severity.Error, tampered.Severity);
        Assert.Contains("kernelgen verify --project /p/App.csproj --module QuickStart.RmsNorm", tampered.Fix);
        var stale = Assert.Single(findings, f => f.Check == "kernel cache QuickStart.SwiGluGate");
        Assert.Equal(Severity.Warning, stale.Severity);
        Assert.Equal(new DoctorFinding("kernel cache", Severity.Ok, "1 of 3 module(s) fresh"), findings[^1]);
    }

    static string ConfigFile(string json)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kernelgen-doctor-config-").FullName, "kernelgen.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void The_quickstart_demo_configuration_is_valid_and_its_transcript_present()
    {
        var config = Path.Combine(TestPaths.RepositoryRoot, "samples", "QuickStart", "kernelgen", "demo.kernelgen.json");

        var findings = new DoctorChecks(Machine()).ProviderConfiguration(config).ToList();

        Assert.Equal([new DoctorFinding("kernelgen.json", Severity.Ok, "1 model(s): hand-written-demo (replay)")], findings);
    }

    [Fact]
    public void A_model_whose_key_variable_is_not_set_is_an_error_and_a_set_key_is_never_shown()
    {
        var config = ConfigFile("""{ "models": [ { "provider": "openai", "model": "gpt-test" } ] }""");
        var secret = "sk-" + "doctor-config-0123456789";

        var without = new DoctorChecks(Machine()).ProviderConfiguration(config).ToList();
        var with = new DoctorChecks(Machine(environment: new() { ["OPENAI_API_KEY"] = secret })).ProviderConfiguration(config).ToList();

        var missing = Assert.Single(without, f => f.Severity == Severity.Error);
        Assert.Contains("OPENAI_API_KEY, which is not set", missing.Summary);
        Assert.Contains("never in kernelgen.json", missing.Fix);
        Assert.DoesNotContain(with, f => f.Severity == Severity.Error);
        Assert.DoesNotContain(secret, string.Join("\n", with.Concat(without)));
    }

    [Fact]
    public void An_invalid_configuration_is_an_error_naming_the_file_and_a_missing_command_is_found()
    {
        var broken = ConfigFile("""{ "models": [ { "provider": "nonsense" } ] }""");
        var command = ConfigFile("""{ "models": [ { "provider": "command", "command": "./no-such-model.sh" } ] }""");

        var invalid = Assert.Single(new DoctorChecks(Machine()).ProviderConfiguration(broken));
        var commandFindings = new DoctorChecks(Machine()).ProviderConfiguration(command).ToList();

        Assert.Equal(Severity.Error, invalid.Severity);
        Assert.Contains("kernelgen.json", invalid.Summary);
        Assert.Contains("nonsense", invalid.Summary);
        Assert.Contains(commandFindings, f => f.Severity == Severity.Error && f.Summary.Contains("no-such-model.sh was not found"));
    }

    [Fact]
    public void A_project_without_kernelgen_json_is_information_not_a_problem()
    {
        var missing = Path.Combine(Directory.CreateTempSubdirectory("kernelgen-doctor-none-").FullName, "kernelgen.json");

        var finding = Assert.Single(new DoctorChecks(Machine()).ProviderConfiguration(missing));

        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Contains("does not exist", finding.Summary);
    }
}
