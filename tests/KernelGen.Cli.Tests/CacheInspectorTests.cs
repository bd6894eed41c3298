using System.Text.Json.Nodes;
using KernelGen.Cli.Inspection;
using KernelGen.Engine.Cache;

namespace KernelGen.Cli.Tests;

/// <summary>The cache states list, doctor and report show, from copies of the committed QuickStart kernels.</summary>
public class CacheInspectorTests
{
    const string Project = "/repo/App.csproj";

    static Dictionary<string, string> LockFingerprints(KernelsCopy copy) =>
        Directory.GetDirectories(copy.Root).Select(d => LockFile.Read(Path.Combine(d, KernelLock.FileName)))
            .ToDictionary(l => l.Module, l => l.Fingerprint);

    static ModuleInspection Inspect(KernelsCopy copy, string module, IReadOnlyDictionary<string, string>? fingerprints) =>
        CacheInspector.Inspect(new KernelCache(copy.Root), fingerprints, Project).Single(m => m.Module == module);

    [Fact]
    public void The_committed_quickstart_kernels_are_fresh_with_their_evidence_read_back()
    {
        using var copy = new KernelsCopy();

        var modules = CacheInspector.Inspect(new KernelCache(copy.Root), LockFingerprints(copy), Project);

        Assert.Equal(["QuickStart.RmsNorm", "QuickStart.RotaryEmbedding", "QuickStart.SwiGluGate"], modules.Select(m => m.Module));
        Assert.All(modules, m => Assert.Equal(ModuleCacheState.Fresh, m.State));
        var rmsNorm = modules[0].Variants.Single(v => v.Entry.Backend == "cpu");
        Assert.Equal(KernelFileState.Intact, rmsNorm.File);
        Assert.True(rmsNorm.Entry.Selected);
        Assert.True(rmsNorm.Benchmark!.SpeedupCi95Low > 1.0);
        Assert.True(rmsNorm.Verification!.Trials >= 100);
        Assert.Null(rmsNorm.EvidenceProblem);
        Assert.Matches(@"^\d+\.\d\dx \(95 % CI \d+\.\d\d–\d+\.\d\d\)$", VariantFacts.Speedup(rmsNorm));
    }

    [Fact]
    public void Without_fingerprints_the_cache_is_intact_not_fresh()
    {
        using var copy = new KernelsCopy();

        Assert.Equal(ModuleCacheState.Intact, Inspect(copy, KernelsCopy.RmsNorm, null).State);
    }

    [Fact]
    public void A_changed_reference_makes_the_module_stale_with_verify_as_the_fix()
    {
        using var copy = new KernelsCopy();
        var fingerprints = LockFingerprints(copy);
        fingerprints[KernelsCopy.RmsNorm] = new string('0', 64);

        var module = Inspect(copy, KernelsCopy.RmsNorm, fingerprints);

        Assert.Equal(ModuleCacheState.StaleFingerprint, module.State);
        Assert.Contains("fingerprint", module.Problem);
        Assert.Equal($"re-verify the kernels against the new reference: kernelgen verify --project {Project} --module {KernelsCopy.RmsNorm}", module.Fix);
    }

    [Fact]
    public void An_edited_kernel_file_is_tampered_and_named()
    {
        using var copy = new KernelsCopy();
        var kernel = copy.PathOf(KernelsCopy.RmsNormKernel);
        File.AppendAllText(kernel, "// edited\n");

        var module = Inspect(copy, KernelsCopy.RmsNorm, LockFingerprints(copy));

        Assert.Equal(ModuleCacheState.Tampered, module.State);
        Assert.Equal(KernelFileState.HashMismatch, module.Variants.Single(v => v.Entry.Backend == "cpu").File);
        Assert.Contains($"{kernel} differs from the lock's sha256", module.Problem);
        Assert.Contains("KG0003", module.Problem);
        Assert.Contains("kernelgen verify", module.Fix);
    }

    [Fact]
    public void Line_endings_and_a_byte_order_mark_are_not_tampering()
    {
        using var copy = new KernelsCopy();
        var kernel = copy.PathOf(KernelsCopy.RmsNormKernel);
        File.WriteAllText(kernel, "\uFEFF" + File.ReadAllText(kernel).Replace("\n", "\r\n"));

        Assert.Equal(ModuleCacheState.Fresh, Inspect(copy, KernelsCopy.RmsNorm, LockFingerprints(copy)).State);
    }

    [Fact]
    public void A_deleted_kernel_file_is_reported_missing()
    {
        using var copy = new KernelsCopy();
        File.Delete(copy.PathOf(KernelsCopy.RmsNormKernel));

        var module = Inspect(copy, KernelsCopy.RmsNorm, null);

        Assert.Equal(ModuleCacheState.Tampered, module.State);
        Assert.Equal(KernelFileState.Missing, module.Variants.Single(v => v.Entry.Backend == "cpu").File);
        Assert.Contains("is missing", module.Problem);
    }

    [Fact]
    public void A_malformed_lock_names_the_file_and_the_problem()
    {
        using var copy = new KernelsCopy();
        var fingerprints = LockFingerprints(copy);
        var lockPath = copy.PathOf(KernelsCopy.RmsNormLock);
        File.WriteAllText(lockPath, File.ReadAllText(lockPath).Replace("\"schemaVersion\": 1", "\"schemaVersion\": 9"));

        var module = Inspect(copy, KernelsCopy.RmsNorm, fingerprints);

        Assert.Equal(ModuleCacheState.MalformedLock, module.State);
        Assert.Contains(lockPath, module.Problem);
        Assert.Contains("schemaVersion is 9", module.Problem);
        Assert.Contains("git checkout", module.Fix);
    }

    [Fact]
    public void Modules_without_a_cache_and_caches_without_a_module_are_both_listed()
    {
        using var copy = new KernelsCopy();
        var fingerprints = LockFingerprints(copy);
        fingerprints.Remove("QuickStart.SwiGluGate");
        fingerprints["QuickStart.NewModule"] = new string('a', 64);

        var modules = CacheInspector.Inspect(new KernelCache(copy.Root), fingerprints, Project).ToDictionary(m => m.Module);

        Assert.Equal(ModuleCacheState.NoCache, modules["QuickStart.NewModule"].State);
        Assert.Contains("kernelgen generate", modules["QuickStart.NewModule"].Fix);
        Assert.Equal(ModuleCacheState.NoModule, modules["QuickStart.SwiGluGate"].State);
    }

    [Fact]
    public void Evidence_of_the_wrong_shape_is_reported_not_thrown()
    {
        using var copy = new KernelsCopy();
        var lockPath = copy.PathOf(KernelsCopy.RmsNormLock);
        var json = JsonNode.Parse(File.ReadAllText(lockPath))!;
        json["variants"]![0]!["benchmark"]!["speedup"] = "fast";
        json["variants"]![0]!["verification"]!.AsObject().Remove("distributions");
        File.WriteAllText(lockPath, json.ToJsonString());

        var variant = Inspect(copy, KernelsCopy.RmsNorm, null).Variants.Single(v => v.Entry.Backend == "cpu");

        Assert.Null(variant.Benchmark);
        Assert.Null(variant.Verification);
        Assert.Contains("benchmark evidence unreadable", variant.EvidenceProblem);
        Assert.Contains("verification evidence unreadable", variant.EvidenceProblem);
        Assert.Equal("not benchmarked", VariantFacts.Speedup(variant));
    }
}
