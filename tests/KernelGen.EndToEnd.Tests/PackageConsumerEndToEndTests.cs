using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace KernelGen.EndToEnd.Tests;

/// <summary>
/// KernelGen as a package consumer meets it: `dotnet add package KernelGen`, one attribute, `dotnet build`. Every test
/// starts from a fresh console app made from ConsumerTemplate/ and the packages packed once by <see cref="LocalPackageFeed"/>.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(nameof(PackageConsumerCollection))]
public sealed class PackageConsumerEndToEndTests(LocalPackageFeed feed, ITestOutputHelper output)
{
    const string CommittedVariant = PackageConsumer.CommittedVariant;

    [Fact]
    public void A_fresh_consumer_builds_offline_with_KG0001_runs_its_reference_then_dispatches_to_copied_in_kernels()
    {
        output.WriteLine($"packing took {feed.PackTime.TotalSeconds:F0} s (shared by every test of this class)");
        using var consumer = new PackageConsumer(feed);

        var first = consumer.Build("-v:d"); // KG0001 is an info diagnostic: the console shows it from detailed verbosity
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Matches(@"SwiGluGate\.cs\(\d+,\d+\): info KG0001: Module 'QuickStart\.SwiGluGate' has no verified kernel", first.Output);
        // The engine's Roslyn and provider libraries stay inside the package's tools/ folder, out of the app.
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(consumer.AppPath)!, "Microsoft.CodeAnalysis.dll")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(consumer.AppPath)!, "KernelGen.Engine.dll")));
        var reference = consumer.RunApp();
        Assert.True(reference.ExitCode == 0, reference.ToString());
        Assert.Matches(@"QuickStart\.SwiGluGate reference NoKernels maxdiff", reference.Output);

        consumer.CopyCommittedKernels();
        var second = consumer.Build();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("KG0001", second.Output);
        var baked = consumer.RunApp();
        Assert.True(baked.ExitCode == 0, baked.ToString());
        Assert.Matches($@"QuickStart\.SwiGluGate {CommittedVariant} Baked maxdiff", baked.Output);
    }

    [Fact]
    public void An_edited_reference_makes_the_kernels_stale_with_KG0002_and_the_app_falls_back_to_it()
    {
        using var consumer = new PackageConsumer(feed);
        consumer.CopyCommittedKernels();
        var source = File.ReadAllText(consumer.ModuleSource);
        const string Original = "Tensor Reference(Tensor gate, Tensor up) => silu(gate) * up;";
        Assert.Contains(Original, source);
        File.WriteAllText(consumer.ModuleSource, source.Replace(Original, "Tensor Reference(Tensor gate, Tensor up) => up * silu(gate);", StringComparison.Ordinal));

        var build = consumer.Build();

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("warning KG0002", build.Output);
        var app = consumer.RunApp();
        Assert.True(app.ExitCode == 0, app.ToString());
        Assert.Matches(@"QuickStart\.SwiGluGate reference Stale maxdiff", app.Output);
    }

    [Fact]
    public void A_published_app_runs_its_baked_kernels_from_a_folder_without_kernels_and_without_network()
    {
        using var consumer = new PackageConsumer(feed);
        consumer.CopyCommittedKernels();
        var published = Path.Combine(Path.GetTempPath(), "kernelgen-published-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var publish = DotnetCli.Run(consumer.Folder, TimeSpan.FromMinutes(8),
                "publish", "-c", "Release", "--nologo", "--disable-build-servers", "-o", published);
            Assert.True(publish.ExitCode == 0, publish.ToString());
            Assert.False(Directory.Exists(Path.Combine(published, "kernels")));
            Directory.Delete(consumer.CacheDir, recursive: true); // nothing left to read kernels from but the assembly

            var app = RunWithoutNetwork(Path.Combine(published, "Consumer.dll"));

            Assert.True(app.ExitCode == 0, app.ToString());
            Assert.Matches($@"QuickStart\.SwiGluGate {CommittedVariant} Baked maxdiff", app.Output);
        }
        finally
        {
            Directory.Delete(published, recursive: true);
        }
    }

    [Fact]
    public void Off_mode_bakes_nothing_even_with_committed_kernels()
    {
        using var consumer = new PackageConsumer(feed);
        consumer.CopyCommittedKernels();

        var build = consumer.Build("-p:KernelGenMode=Off");

        Assert.True(build.ExitCode == 0, build.ToString());
        var app = consumer.RunApp();
        Assert.True(app.ExitCode == 0, app.ToString());
        Assert.Matches(@"QuickStart\.SwiGluGate reference NoKernels maxdiff", app.Output);
    }

    [Fact]
    public void An_invalid_KernelGenMode_fails_the_build_naming_the_property_and_the_allowed_values()
    {
        using var consumer = new PackageConsumer(feed);

        var build = consumer.Build("-p:KernelGenMode=Fast");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error KG0101: KernelGenMode='Fast' is not a KernelGen mode. Allowed values: Off, Bake (default), Verify, Generate", build.Output);
    }

    [Fact]
    public void Generate_mode_without_a_provider_configuration_is_an_error_that_says_what_to_create()
    {
        using var consumer = new PackageConsumer(feed);

        var build = consumer.Build("-p:KernelGenMode=Generate");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(@"error KG0102: KernelGenMode=Generate needs a provider configuration, and '.*kernelgen\.json' does not exist", build.Output);
        Assert.DoesNotContain("   at ", build.Output); // no stack trace
    }

    [Fact]
    public void Generate_mode_with_the_replay_provider_generates_verifies_caches_and_bakes_in_one_build()
    {
        using var consumer = new PackageConsumer(feed);
        consumer.UseReplayDemoConfiguration();

        var build = consumer.Build("-p:KernelGenMode=Generate");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains($"{PackageConsumer.Module}: committed", build.Output);
        var lockPath = Path.Combine(consumer.CacheDir, PackageConsumer.Module, "kernelgen.lock.json");
        var variant = JsonNode.Parse(File.ReadAllText(lockPath))!["variants"]![0]!;
        var id = (string)variant["id"]!;
        Assert.Equal("verified", (string?)variant["status"]);
        Assert.True(File.Exists(Path.Combine(consumer.CacheDir, PackageConsumer.Module, "cpu", id + ".cs")));
        // Baked by the same `dotnet build`: the app dispatches to the new kernel (or says why the reference stays).
        var app = consumer.RunApp();
        Assert.True(app.ExitCode == 0, app.ToString());
        Assert.Matches((bool)variant["selected"]! ? $@"QuickStart\.SwiGluGate {id} Baked" : @"QuickStart\.SwiGluGate reference NoneSelected", app.Output);

        // Nothing changed: the next Generate build does not ask the models again.
        var again = consumer.Build("-p:KernelGenMode=Generate");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotContain("asking", again.Output);
    }

    [Fact]
    public void Generate_mode_with_a_missing_provider_key_is_an_error_naming_the_variable()
    {
        using var consumer = new PackageConsumer(feed);
        consumer.WriteConfiguration("""{ "models": [ { "name": "hosted", "provider": "openai", "model": "gpt-test", "apiKeyVariable": "KERNELGEN_E2E_UNSET_KEY" } ] }""");

        var build = consumer.Build("-p:KernelGenMode=Generate");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(@"error KG0102: KernelGen generate could not start: .*KERNELGEN_E2E_UNSET_KEY.* is not set", build.Output);
        Assert.DoesNotContain("   at ", build.Output);
    }

    [Fact]
    public void Generate_mode_against_an_unreachable_endpoint_is_an_error_naming_the_module_and_the_next_step()
    {
        using var consumer = new PackageConsumer(feed);
        consumer.WriteConfiguration($$"""{ "models": [ { "name": "local", "provider": "openai", "model": "m", "endpoint": "http://127.0.0.1:{{ClosedPort()}}/v1", "maxAttempts": 1 } ] }""");

        var build = consumer.Build("-p:KernelGenMode=Generate");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(@"error KG0103: KernelGen generate failed for QuickStart\.SwiGluGate \(exit code 1\): .+ Next: check that the provider's endpoint is reachable", build.Output);
        Assert.DoesNotContain("   at ", build.Output);
    }

    [Fact]
    public void Generate_mode_where_every_candidate_fails_verification_warns_and_keeps_the_reference()
    {
        using var consumer = new PackageConsumer(feed);
        // A stand-in model that answers with the committed kernel made wrong: exp(r) off by one, so every output is wrong.
        var kernel = File.ReadAllText(Path.Combine(DotnetCli.RepositoryRoot, "samples", "QuickStart", "kernels", PackageConsumer.Module, "cpu", CommittedVariant + ".cs"));
        const string ExpR = "var expR = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;";
        Assert.Contains(ExpR, kernel);
        File.WriteAllText(Path.Combine(consumer.Folder, "wrong.cs"), kernel.Replace(ExpR, ExpR.Replace(";", " + Vector256<float>.One;", StringComparison.Ordinal), StringComparison.Ordinal));
        consumer.WriteConfiguration("""
            { "models": [ { "name": "wrong", "provider": "command", "model": "wrong", "command": "/bin/sh",
                            "arguments": [ "-c", "cat >/dev/null; echo '```csharp'; cat wrong.cs; echo '```'" ] } ],
              "budgets": { "candidatesPerModule": 1, "turns": 1 } }
            """);

        var build = consumer.Build("-p:KernelGenMode=Generate");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("warning KG0104: Module 'QuickStart.SwiGluGate' got no verified kernel", build.Output);
        Assert.False(File.Exists(Path.Combine(consumer.CacheDir, PackageConsumer.Module, "kernelgen.lock.json")));
        var app = consumer.RunApp();
        Assert.True(app.ExitCode == 0, app.ToString());
        Assert.Matches(@"QuickStart\.SwiGluGate reference NoKernels", app.Output);
    }

    static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task Verify_mode_builds_and_a_concurrent_commit_share_one_cache_without_losing_a_variant()
    {
        // Two consumers with their own bin/obj and one kernel cache: one builds in Verify mode (re-verifies the committed
        // variant out of process, rewrites the lock, bakes in the same build) while the packaged tool commits a second
        // variant into the same module for the other, at the same time.
        var sharedCache = Path.Combine(Path.GetTempPath(), "kernelgen-shared-cache-" + Guid.NewGuid().ToString("N")[..8]);
        using var verifying = new PackageConsumer(feed, sharedCache);
        using var committing = new PackageConsumer(feed, sharedCache);
        try
        {
            PackageConsumer.CopyCommittedKernels(sharedCache);
            var lockPath = Path.Combine(sharedCache, PackageConsumer.Module, "kernelgen.lock.json");
            var variantsBefore = JsonNode.Parse(File.ReadAllText(lockPath))!["variants"]!.AsArray();
            var seedBefore = (long?)variantsBefore.Single(v => (string)v!["id"]! == CommittedVariant)!["verification"]!["seed"];
            // Variants of other backends (the sample's CUDA kernel) are not re-verified on this machine and must survive.
            var otherBackends = variantsBefore.Where(v => (string)v!["backend"]! != "cpu").Select(v => (string)v!["id"]!).ToList();
            foreach (var consumer in new[] { verifying, committing })
            {
                var build = consumer.Build();
                Assert.True(build.ExitCode == 0, build.ToString());
            }
            // The committed kernel under another type name, so both variants can be baked side by side.
            var candidate = Path.Combine(committing.Folder, "second-copy.cs");
            var committedKernel = File.ReadAllText(Path.Combine(sharedCache, PackageConsumer.Module, "cpu", CommittedVariant + ".cs"));
            Assert.Contains("class SwiGluAvx2Blocks", committedKernel);
            File.WriteAllText(candidate, committedKernel.Replace("SwiGluAvx2Blocks", "SwiGluAvx2BlocksCopy", StringComparison.Ordinal));
            var tool = Path.Combine(GlobalPackagesFolder(), "kernelgen", feed.Version.ToLowerInvariant(), "tools", "net10.0", "any", "KernelGen.Cli.dll");

            var clock = Stopwatch.StartNew();
            var verifyBuild = Task.Run(() => verifying.Build("-p:KernelGenMode=Verify"));
            var commit = Task.Run(() => DotnetCli.Run(committing.Folder, TimeSpan.FromMinutes(8),
                tool, "verify", "--project", Path.Combine(committing.Folder, "Consumer.csproj"), "--no-build",
                "--candidate", candidate, "--variant", "second-copy", "--commit"));
            var (verifyResult, commitResult) = (await verifyBuild, await commit);
            output.WriteLine($"concurrent Verify build and commit: {clock.Elapsed.TotalSeconds:F0} s");

            Assert.True(verifyResult.ExitCode == 0, verifyResult.ToString());
            Assert.Contains($"{PackageConsumer.Module} / {CommittedVariant}", verifyResult.Output);
            Assert.Contains("lock updated", verifyResult.Output);
            Assert.True(commitResult.ExitCode == 0, commitResult.ToString());
            var variants = JsonNode.Parse(File.ReadAllText(lockPath))!["variants"]!.AsArray();
            Assert.Equal(new[] { "second-copy", CommittedVariant }.Concat(otherBackends).Order(StringComparer.Ordinal), variants.Select(v => (string)v!["id"]!).Order(StringComparer.Ordinal));
            var reverified = variants.Single(v => (string)v!["id"]! == CommittedVariant)!;
            Assert.NotEqual(seedBefore, (long?)reverified["verification"]!["seed"]); // fresh evidence, not the copied one
            Assert.Empty(Directory.GetFiles(sharedCache, "*.tmp", SearchOption.AllDirectories));

            // The Verify build baked what it verified, in the same `dotnet build`.
            var app = verifying.RunApp();
            Assert.True(app.ExitCode == 0, app.ToString());
            Assert.Matches(@"QuickStart\.SwiGluGate [a-z0-9-]+ Baked maxdiff", app.Output);
        }
        finally
        {
            Directory.Delete(sharedCache, recursive: true);
        }
    }

    [Fact]
    public void The_kernelgen_tool_package_installs_as_a_dotnet_tool_and_runs()
    {
        var toolPath = Path.Combine(Path.GetTempPath(), "kernelgen-tool-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(toolPath);
            var config = Path.Combine(toolPath, "NuGet.config");
            File.WriteAllText(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration><packageSources><clear /><add key="kernelgen-e2e" value="{feed.Folder}" /></packageSources></configuration>
                """);
            var install = DotnetCli.Run(toolPath, TimeSpan.FromMinutes(3),
                "tool", "install", "KernelGen.Cli", "--tool-path", Path.Combine(toolPath, "bin"), "--version", feed.Version, "--configfile", config);
            Assert.True(install.ExitCode == 0, install.ToString());

            var help = Process.Start(new ProcessStartInfo(Path.Combine(toolPath, "bin", "kernelgen"), "--help") { RedirectStandardOutput = true })!;
            var text = help.StandardOutput.ReadToEnd();
            help.WaitForExit();

            Assert.Equal(0, help.ExitCode);
            foreach (var verb in new[] { "generate", "verify", "bench" }) Assert.Contains(verb, text);
        }
        finally
        {
            if (Directory.Exists(toolPath)) Directory.Delete(toolPath, recursive: true);
        }
    }

    /// <summary>In a new network namespace (only loopback, down) when this machine allows one; else as is.</summary>
    static DotnetCli.Result RunWithoutNetwork(string appPath)
    {
        var unshare = Process.Start(new ProcessStartInfo("unshare", "-n true") { RedirectStandardError = true })!;
        unshare.WaitForExit();
        if (unshare.ExitCode != 0) return DotnetCli.Run(Path.GetDirectoryName(appPath)!, TimeSpan.FromMinutes(3), appPath);
        var start = new ProcessStartInfo("unshare", ["-n", "dotnet", appPath]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(appPath)! };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new DotnetCli.Result(process.ExitCode, stdout.Result + stderr.Result, stdout.Result);
    }

    static string GlobalPackagesFolder() => LocalPackageFeed.GlobalPackagesFolder;
}
