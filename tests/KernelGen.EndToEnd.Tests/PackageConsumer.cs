namespace KernelGen.EndToEnd.Tests;

/// <summary>
/// A fresh console app outside the repository (none of its Directory.Build.props, central versions or project
/// references apply) made from ConsumerTemplate/, with a PackageReference to the packed KernelGen and a NuGet.config
/// whose only source is the local feed: packages not in the global packages folder cannot come from the network.
/// Its annotated module is samples/QuickStart's SwiGluGate, whose committed kernel and lock it can copy in.
/// </summary>
sealed class PackageConsumer : IDisposable
{
    public const string Module = "QuickStart.SwiGluGate";
    public const string CommittedVariant = "swiglu-avx2-blocks";

    readonly string root;

    public PackageConsumer(LocalPackageFeed feed, string? sharedCacheDir = null)
    {
        root = Path.Combine(Path.GetTempPath(), "kernelgen-consumer-" + Guid.NewGuid().ToString("N")[..8]);
        Folder = Path.Combine(root, "Consumer");
        Directory.CreateDirectory(Folder);
        var template = Path.Combine(DotnetCli.RepositoryRoot, "tests", "KernelGen.EndToEnd.Tests", "ConsumerTemplate");
        var project = File.ReadAllText(Path.Combine(template, "Consumer.csproj")).Replace("KERNELGEN_VERSION", feed.Version, StringComparison.Ordinal);
        if (sharedCacheDir is not null)
            project = project.Replace("</PropertyGroup>", $"  <KernelGenCacheDir>{sharedCacheDir}</KernelGenCacheDir>\n  </PropertyGroup>", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(Folder, "Consumer.csproj"), project);
        File.Copy(Path.Combine(template, "Program.cs"), Path.Combine(Folder, "Program.cs"));
        File.Copy(Path.Combine(DotnetCli.RepositoryRoot, "samples", "QuickStart", "Modules", "SwiGluGate.cs"), ModuleSource);
        File.WriteAllText(Path.Combine(Folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="kernelgen-e2e" value="{feed.Folder}" />
              </packageSources>
            </configuration>
            """);
        CacheDir = sharedCacheDir ?? Path.Combine(Folder, "kernels");
    }

    public string Folder { get; }

    public string CacheDir { get; }

    public string ModuleSource => Path.Combine(Folder, "SwiGluGate.cs");

    public string AppPath => Path.Combine(Folder, "bin", "Release", "net10.0", "Consumer.dll");

    /// <summary>
    /// Copies samples/QuickStart's committed kernel and lock for the module into this consumer's cache. File.Copy keeps
    /// their old timestamps, older than any build output, as an unpacked archive would: the build must notice them anyway.
    /// </summary>
    public void CopyCommittedKernels() => CopyCommittedKernels(CacheDir);

    public static void CopyCommittedKernels(string cacheDir)
    {
        var source = Path.Combine(DotnetCli.RepositoryRoot, "samples", "QuickStart", "kernels", Module);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(cacheDir, Module, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>
    /// Writes <c>kernelgen.json</c> beside the project: samples/QuickStart's offline demo configuration, whose replay
    /// model answers SwiGluGate's prompt with a recorded kernel (no model, no network), and its transcript.
    /// </summary>
    public void UseReplayDemoConfiguration()
    {
        var demo = Path.Combine(DotnetCli.RepositoryRoot, "samples", "QuickStart", "kernelgen");
        File.Copy(Path.Combine(demo, "demo.kernelgen.json"), Path.Combine(Folder, "kernelgen.json"));
        Directory.CreateDirectory(Path.Combine(Folder, "transcripts"));
        File.Copy(Path.Combine(demo, "transcripts", "swiglu-demo.json"), Path.Combine(Folder, "transcripts", "swiglu-demo.json"));
    }

    /// <summary>Writes <c>kernelgen.json</c> beside the project.</summary>
    public void WriteConfiguration(string json) => File.WriteAllText(Path.Combine(Folder, "kernelgen.json"), json);

    public DotnetCli.Result Build(params string[] extraArguments) =>
        DotnetCli.Run(Folder, TimeSpan.FromMinutes(8), ["build", "-c", "Release", "--nologo", "--disable-build-servers", .. extraArguments]);

    /// <summary>Runs the built app; it prints "QuickStart.SwiGluGate &lt;variant|reference&gt; &lt;status&gt; maxdiff &lt;x&gt;".</summary>
    public DotnetCli.Result RunApp() => DotnetCli.Run(Folder, TimeSpan.FromMinutes(3), AppPath);

    public void Dispose() => Directory.Delete(root, recursive: true);
}
