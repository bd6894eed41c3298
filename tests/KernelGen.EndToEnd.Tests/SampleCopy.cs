namespace KernelGen.EndToEnd.Tests;

/// <summary>
/// A copy of samples/QuickStart under artifacts/ (ignored by git) that a test may edit: its project references point
/// back into the repository, and the repository's Directory.Build.props and package versions still apply.
/// </summary>
sealed class SampleCopy : IDisposable
{
    public SampleCopy()
    {
        var source = Path.Combine(DotnetCli.RepositoryRoot, "samples", "QuickStart");
        Folder = Path.Combine(DotnetCli.RepositoryRoot, "artifacts", "e2e", Guid.NewGuid().ToString("N")[..8], "QuickStart");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal)) continue;
            var target = Path.Combine(Folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var project = Path.Combine(Folder, "QuickStart.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("../../", DotnetCli.RepositoryRoot + "/", StringComparison.Ordinal));
    }

    public string Folder { get; }

    public string PathOf(string relative) => Path.Combine(Folder, relative);

    public DotnetCli.Result Build(params string[] extraArguments) =>
        DotnetCli.Run(Folder, TimeSpan.FromMinutes(5), ["build", "-c", "Release", "--nologo", "--disable-build-servers", .. extraArguments]);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true);
}
