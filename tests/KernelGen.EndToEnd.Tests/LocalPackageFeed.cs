using System.Diagnostics;

namespace KernelGen.EndToEnd.Tests;

/// <summary>
/// Packs the KernelGen package and the kernelgen tool package once per test run into a local folder feed, under a
/// version no earlier run used (so the global NuGet packages folder can never serve a stale package of the same
/// version), while restores keep reusing that folder for TorchSharp and LibTorch. Removes both again afterwards.
/// </summary>
public sealed class LocalPackageFeed : IDisposable
{
    public LocalPackageFeed()
    {
        Version = $"0.1.0-e2e-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        Folder = Path.Combine(DotnetCli.RepositoryRoot, "artifacts", "e2e-feed", Version);
        var clock = Stopwatch.StartNew();
        // The first pack builds everything the second needs.
        foreach (var (project, build) in new[] { ("src/KernelGen.Package", "--nologo"), ("src/KernelGen.Cli", "--no-build") })
        {
            var pack = DotnetCli.Run(DotnetCli.RepositoryRoot, TimeSpan.FromMinutes(8),
                "pack", project, "-c", "Release", build, "--disable-build-servers",
                $"-p:VersionSuffix={Version["0.1.0-".Length..]}", $"-p:PackageOutputPath={Folder}");
            if (pack.ExitCode != 0) throw new InvalidOperationException($"dotnet pack {project} failed: {pack}");
        }
        PackTime = clock.Elapsed;
    }

    /// <summary>The packages' version, unique to this run.</summary>
    public string Version { get; }

    /// <summary>The folder feed holding KernelGen.&lt;Version&gt;.nupkg and KernelGen.Cli.&lt;Version&gt;.nupkg.</summary>
    public string Folder { get; }

    /// <summary>How long packing took (reported by the tests' output).</summary>
    public TimeSpan PackTime { get; }

    internal static string GlobalPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        foreach (var id in new[] { "kernelgen", "kernelgen.cli" })
        {
            var extracted = Path.Combine(GlobalPackagesFolder, id, Version.ToLowerInvariant());
            if (Directory.Exists(extracted)) Directory.Delete(extracted, recursive: true);
        }
    }
}

/// <summary>The package tests share one pack (it is the slow part) and run one at a time (real builds on few cores).</summary>
[CollectionDefinition(nameof(PackageConsumerCollection))]
public sealed class PackageConsumerCollection : ICollectionFixture<LocalPackageFeed>;
