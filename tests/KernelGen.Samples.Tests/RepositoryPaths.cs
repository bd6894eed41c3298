namespace KernelGen.Samples.Tests;

/// <summary>The repository's root (the folder holding KernelGen.sln), for tests that read committed kernels and results.</summary>
static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KernelGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("KernelGen.sln not found above " + AppContext.BaseDirectory);
    }
}
