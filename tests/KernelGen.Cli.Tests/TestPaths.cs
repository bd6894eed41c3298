namespace KernelGen.Cli.Tests;

/// <summary>Where the repository, the committed QuickStart kernels and the test artifacts are.</summary>
static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string QuickStartProject => Path.Combine(RepositoryRoot, "samples", "QuickStart", "QuickStart.csproj");

    public static string QuickStartKernels => Path.Combine(RepositoryRoot, "samples", "QuickStart", "kernels");

    /// <summary>artifacts/test-results/ (git-ignored): screenshots and reports kept after the run.</summary>
    public static string Artifacts
    {
        get
        {
            var folder = Path.Combine(RepositoryRoot, "artifacts", "test-results");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KernelGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("KernelGen.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary copy of samples/QuickStart/kernels that a test may tamper with; the committed files stay read-only input.</summary>
sealed class KernelsCopy : IDisposable
{
    public KernelsCopy()
    {
        Root = Directory.CreateTempSubdirectory("kernelgen-cli-kernels-").FullName;
        foreach (var file in Directory.EnumerateFiles(TestPaths.QuickStartKernels, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, Path.GetRelativePath(TestPaths.QuickStartKernels, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public const string RmsNorm = "QuickStart.RmsNorm";
    public const string RmsNormKernel = "QuickStart.RmsNorm/cpu/rmsnorm-avx2-rows.cs";
    public const string RmsNormLock = "QuickStart.RmsNorm/kernelgen.lock.json";

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
