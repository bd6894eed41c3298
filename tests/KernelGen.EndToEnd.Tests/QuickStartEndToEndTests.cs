using System.Text.Json.Nodes;

namespace KernelGen.EndToEnd.Tests;

/// <summary>
/// The product as a user meets it: the README's main job, and real builds of the sample after the kinds of edits
/// that must never put an unverified kernel into an app. Slow (real builds), so one at a time.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(nameof(QuickStartEndToEndTests))]
public class QuickStartEndToEndTests
{
    static readonly string[] Variants = ["rmsnorm-avx2-rows", "swiglu-avx2-blocks", "rope-avx2-tokens"];

    [Fact]
    public void The_main_job_dispatches_to_the_baked_kernels_and_falls_back_under_the_kill_switch()
    {
        var run = DotnetCli.Run(DotnetCli.RepositoryRoot, TimeSpan.FromMinutes(8),
            "run", "--project", "samples/QuickStart", "-c", "Release", "--disable-build-servers");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var variant in Variants)
            Assert.Matches($@"QuickStart\.\w+\s+{variant}\s+Baked", run.Output);
        Assert.Contains("Fallback held", run.Output);
        Assert.Equal(3, run.Output.Split('\n').Count(line => line.TrimEnd().EndsWith(" reference", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_kernel_edited_after_verification_fails_the_build_with_KG0003_naming_the_file()
    {
        using var copy = new SampleCopy();
        var kernel = copy.PathOf("kernels/QuickStart.RmsNorm/cpu/rmsnorm-avx2-rows.cs");
        File.WriteAllText(kernel, File.ReadAllText(kernel).Replace("Parallel.For(", "System.Threading.Tasks.Parallel.For(", StringComparison.Ordinal));

        var build = copy.Build();

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(@"rmsnorm-avx2-rows\.cs.*error KG0003", build.Output);
    }

    [Fact]
    public void An_edited_reference_makes_its_kernels_stale_and_the_app_runs_that_reference()
    {
        using var copy = new SampleCopy();
        var module = copy.PathOf("Modules/RmsNorm.cs");
        var source = File.ReadAllText(module);
        Assert.Contains("1e-6", source);
        File.WriteAllText(module, source.Replace("1e-6", "1e-5", StringComparison.Ordinal));

        var build = copy.Build("-p:TreatWarningsAsErrors=false");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("warning KG0002", build.Output);

        var app = DotnetCli.Run(copy.Folder, TimeSpan.FromMinutes(3), Path.Combine(copy.Folder, "bin", "Release", "net10.0", "QuickStart.dll"));
        Assert.True(app.ExitCode == 0, app.ToString());
        Assert.Matches(@"QuickStart\.RmsNorm\s+reference\s+Stale", app.Output);
        Assert.Matches(@"QuickStart\.SwiGluGate\s+swiglu-avx2-blocks\s+Baked", app.Output);
    }

    [Fact]
    public void Kernelgen_generate_on_a_project_commits_a_verified_kernel_and_records_a_redacted_transcript()
    {
        using var copy = new SampleCopy();
        const string Secret = "sk-e2e-0123456789abcdefghijklmnopqrstuv";
        var kernel = copy.PathOf("kernels/QuickStart.SwiGluGate/cpu/swiglu-avx2-blocks.cs");
        var transcript = copy.PathOf("obj/transcript.json");
        // A stand-in model: reads the prompt, answers with prose (leaking the key it can see) and one C# block.
        var model = $"cat >/dev/null; echo \"Using key $FAKE_PROVIDER_API_KEY.\"; echo '```csharp'; cat '{kernel}'; echo '```'";

        var generate = DotnetCli.Run(DotnetCli.RepositoryRoot, TimeSpan.FromMinutes(8),
            ["run", "--project", "src/KernelGen.Cli", "-c", "Release", "--disable-build-servers", "--",
             "generate", "--project", copy.PathOf("QuickStart.csproj"), "--module", "SwiGluGate",
             "--provider", "command", "--command", "/bin/sh", "--command-arg", "-c", "--command-arg", model,
             "--model", "fake-model", "--transcript", transcript],
            environment: new() { ["FAKE_PROVIDER_API_KEY"] = Secret });

        Assert.True(generate.ExitCode == 0, generate.ToString());
        Assert.Contains("committed command-fake-model-t1", generate.Output);
        var lockText = File.ReadAllText(copy.PathOf("kernels/QuickStart.SwiGluGate/kernelgen.lock.json"));
        Assert.Contains("\"id\": \"command-fake-model-t1\"", lockText);
        Assert.Contains("\"origin\": \"llm\"", lockText);
        Assert.True(File.Exists(copy.PathOf("kernels/QuickStart.SwiGluGate/cpu/command-fake-model-t1.cs")));
        var recorded = File.ReadAllText(transcript);
        Assert.Contains("[REDACTED]", recorded);
        Assert.DoesNotContain(Secret, recorded);
        Assert.DoesNotContain(Secret, lockText);
        Assert.DoesNotContain(Secret, generate.Output);
    }

    [Fact]
    public void The_committed_offline_demo_replays_a_hand_written_answer_then_verifies_and_caches_it()
    {
        using var copy = new SampleCopy();

        var generate = DotnetCli.Run(DotnetCli.RepositoryRoot, TimeSpan.FromMinutes(8),
            "run", "--project", "src/KernelGen.Cli", "-c", "Release", "--disable-build-servers", "--",
            "generate", "--project", copy.PathOf("QuickStart.csproj"), "--module", "QuickStart.SwiGluGate",
            "--config", copy.PathOf("kernelgen/demo.kernelgen.json"));

        Assert.True(generate.ExitCode == 0, generate.ToString());
        Assert.Contains("committed hand-written-demo-t1", generate.Output);
        var variants = JsonNode.Parse(File.ReadAllText(copy.PathOf("kernels/QuickStart.SwiGluGate/kernelgen.lock.json")))!["variants"]!.AsArray();
        var demo = variants.Single(v => (string?)v!["id"] == "hand-written-demo-t1")!;
        Assert.Equal("verified", (string?)demo["status"]);
        // Honest provenance: a person wrote the replayed answer, and the lock says so.
        Assert.Equal("hand-written", (string?)demo["provenance"]!["origin"]);
        Assert.Equal("hand-written-demo", (string?)demo["provenance"]!["model"]);
        Assert.Equal("replay", (string?)demo["provenance"]!["provider"]);
        var kernel = File.ReadAllBytes(copy.PathOf("kernels/QuickStart.SwiGluGate/cpu/hand-written-demo-t1.cs"));
        Assert.Equal((string?)demo["sha256"], Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(kernel)));
        Assert.Contains(variants, v => (string?)v!["id"] == "swiglu-avx2-blocks"); // the committed kernel stays
    }

    [Fact]
    public void Kernelgen_bench_remeasures_a_committed_kernel_keeps_raw_samples_and_leaves_the_selection_alone()
    {
        using var copy = new SampleCopy();
        var lockPath = copy.PathOf("kernels/QuickStart.RmsNorm/kernelgen.lock.json");
        var before = JsonNode.Parse(File.ReadAllText(lockPath))!["variants"]![0]!;
        var csv = copy.PathOf("obj/samples.csv");

        var bench = DotnetCli.Run(DotnetCli.RepositoryRoot, TimeSpan.FromMinutes(8),
            "run", "--project", "src/KernelGen.Cli", "-c", "Release", "--disable-build-servers", "--",
            "bench", "--project", copy.PathOf("QuickStart.csproj"), "--module", "RmsNorm", "--json", "--csv", csv);

        Assert.True(bench.ExitCode == 0, bench.ToString());
        var report = JsonNode.Parse(bench.StandardOutput[bench.StandardOutput.IndexOf('{')..])!;
        Assert.Equal("QuickStart.RmsNorm", (string?)report["results"]![0]!["module"]);
        var after = JsonNode.Parse(File.ReadAllText(lockPath))!["variants"]![0]!;
        Assert.Equal((bool)before["selected"]!, (bool)after["selected"]!);          // no --select: selection untouched
        Assert.Equal((string?)before["sha256"], (string?)after["sha256"]);
        Assert.NotEqual(before["benchmark"]!.ToJsonString(), after["benchmark"]!.ToJsonString()); // new evidence
        var rows = File.ReadAllLines(csv);
        Assert.Equal("module,variant,mode,side,sample,ms", rows[0]);
        Assert.True(rows.Length - 1 >= 4 * 30, $"{rows.Length - 1} raw samples"); // cold and warm, reference and kernel
    }
}
