using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using KernelGen.Runtime;

namespace KernelGen.Tests;

/// <summary>
/// The libstdc++ fix (build/KernelGen.NativeFix.targets) run through real MSBuild on a pristine copy of
/// TorchSharp's native library, and the clear error users get when the library still cannot load.
/// </summary>
public class NativeLibraryFixTests
{
    const string Version = "GLIBCXX_3.4.32";

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KernelGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("KernelGen.sln not found above " + AppContext.BaseDirectory);
    }

    static string PristineLibrary()
    {
        var root = typeof(NativeLibraryFixTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        return Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    static bool SystemProvides(string version) =>
        new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6" }
            .Where(File.Exists)
            .Any(path => File.ReadAllText(path, System.Text.Encoding.Latin1).Contains(version + "\0", StringComparison.Ordinal));

    /// <summary>A folder holding a copy of the library and links to the LibTorch files it needs, like an app folder.</summary>
    static string AppFolderWith(string library)
    {
        var folder = Directory.CreateTempSubdirectory("kernelgen-native-").FullName;
        File.Copy(library, Path.Combine(folder, "libLibTorchSharp.so"));
        var natives = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        foreach (var file in Directory.GetFiles(natives).Where(f => !f.EndsWith("libLibTorchSharp.so", StringComparison.Ordinal)))
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(file)), file);
        return folder;
    }

    static void RunPatchTask(string library)
    {
        var project = Path.Combine(Path.GetDirectoryName(library)!, "patch.proj");
        File.WriteAllText(project, $"""
            <Project>
              <Import Project="{Path.Combine(RepositoryRoot(), "build", "KernelGen.NativeFix.targets")}" />
              <Target Name="Patch">
                <KernelGenWeakenElfVersionRequirement Files="{library}" Version="{Version}" />
              </Target>
            </Project>
            """);
        var start = new ProcessStartInfo("dotnet", ["msbuild", project, "-t:Patch", "-nologo", "-v:n"]) { RedirectStandardOutput = true };
        using var msbuild = Process.Start(start)!;
        var output = msbuild.StandardOutput.ReadToEnd();
        msbuild.WaitForExit();
        Assert.True(msbuild.ExitCode == 0, output);
    }

    [Fact]
    public void The_build_leaves_a_loadable_library_next_to_the_app()
    {
        Assert.True(OperatingSystem.IsLinux(), "these tests exercise the Linux fix");
        TorchSharpNative.EnsureLoadable(AppContext.BaseDirectory);
        Assert.Equal(6f, TorchSharp.torch.tensor(new[] { 1f, 2f, 3f }).sum().item<float>());
    }

    [Fact]
    public void The_patch_makes_a_pristine_library_loadable_and_is_idempotent()
    {
        var folder = AppFolderWith(PristineLibrary());
        var library = Path.Combine(folder, "libLibTorchSharp.so");
        var linked = Path.Combine(folder, "linked-copy.so");
        File.CreateSymbolicLink(linked, PristineLibrary()); // stands for the NuGet cache file an app links to
        var pristineBytes = File.ReadAllBytes(PristineLibrary());
        var copiedAt = File.GetLastWriteTimeUtc(library);

        RunPatchTask(library);
        var once = File.ReadAllBytes(library);
        // Same timestamp (and size) as before the patch: the next build's copy step leaves the patched file in place.
        Assert.Equal(copiedAt, File.GetLastWriteTimeUtc(library));
        RunPatchTask(library);

        Assert.Equal(once, File.ReadAllBytes(library));
        Assert.Equal(1, once.Zip(pristineBytes).Count(pair => pair.First != pair.Second)); // one byte: the flags field
        Assert.Equal(pristineBytes, File.ReadAllBytes(PristineLibrary()));                  // the cache is untouched
        Assert.True(NativeLibrary.TryLoad(library, out var handle), "the patched library should load");
        NativeLibrary.Free(handle);
    }

    [Fact]
    public void An_unloadable_library_is_reported_with_its_real_cause_and_the_fix()
    {
        var folder = AppFolderWith(PristineLibrary());
        if (SystemProvides(Version))
        {
            // Newer systems load the pristine file as it is: then there is nothing to report.
            TorchSharpNative.EnsureLoadable(folder);
            return;
        }

        var error = Assert.Throws<TorchSharpNativeLoadException>(() => TorchSharpNative.EnsureLoadable(folder));

        Assert.Contains(Version, error.Message);
        Assert.Contains("libstdc++", error.Message);
        Assert.Contains("rebuild", error.Message);
    }

    [Fact]
    public void A_missing_library_names_the_package_to_reference()
    {
        var empty = Directory.CreateTempSubdirectory("kernelgen-empty-").FullName;

        var error = Assert.Throws<TorchSharpNativeLoadException>(() => TorchSharpNative.EnsureLoadable(empty));

        Assert.Contains("libtorch-cpu-linux-x64", error.Message);
    }
}
