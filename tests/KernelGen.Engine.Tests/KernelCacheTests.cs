using KernelGen.Engine.Cache;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Verification;

namespace KernelGen.Engine.Tests;

public sealed class KernelCacheTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("kernelgen-cache-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static readonly ModuleDescription Module = new("Tests.RmsNorm", new string('4', 64), "src", LockFileTests.SampleLock().Contract);

    static EvaluationResult Accepted(double candidateMs, double ciLow) => new(
        Verdict.Accepted, null, null, [new CheckResult("oracle-accuracy", true, "ok")],
        LockFileTests.SampleLock().Variants[0].ShapeDomain,
        new VerificationEvidence(7, 100, "float64", "metric", 4, 4.8e-7, 0.1, 1e-7, 1e-7, [], [], ["NaN"], ["oracle-accuracy"], 1.5),
        new BenchmarkResult(new MachineDescription("cpu", 2, "linux", ".NET", new Dictionary<string, string>()), "eager", "warm", [[48, 64]], 5,
            2 * candidateMs, candidateMs, 2, ciLow, 2.5, 2000, 1, [1.0], [0.5]));

    static readonly KernelProvenance HandWritten = new(KernelProvenance.HandWritten, null, null, null, 1, "2026-11-26T08:00:00Z");

    [Fact]
    public void Commit_writes_the_kernel_file_and_a_lock_entry_with_its_hash_and_evidence()
    {
        var cache = new KernelCache(folder);
        var entry = cache.Commit(Module, "fast", "// kernel\r\n", "K.Fast", Accepted(1.0, 1.5), HandWritten);

        Assert.Equal("// kernel\r\n", File.ReadAllText(Path.Combine(folder, "Tests.RmsNorm", "cpu", "fast.cs")));
        var kernelLock = cache.TryReadLock("Tests.RmsNorm")!;
        var variant = Assert.Single(kernelLock.Variants);
        Assert.Equal((VariantStatus.Verified, true, KernelFileHash.OfText("// kernel\n")), (variant.Status, variant.Selected, variant.Sha256));
        Assert.Equal(entry.Sha256, variant.Sha256);
        Assert.Equal(7, (long)variant.Verification["seed"]!);
        Assert.Equal(Module.Fingerprint, kernelLock.Fingerprint);
    }

    [Fact]
    public void Selected_variants_come_fastest_first_and_recommitting_replaces_the_entry()
    {
        var cache = new KernelCache(folder);
        cache.Commit(Module, "slow", "// slow", "K.Slow", Accepted(3.0, 1.2), HandWritten);
        cache.Commit(Module, "fast", "// fast", "K.Fast", Accepted(1.0, 1.2), HandWritten);
        cache.Commit(Module, "not-faster", "// tie", "K.Tie", Accepted(0.5, 0.9), HandWritten);
        Assert.Equal(["fast", "slow", "not-faster"], cache.TryReadLock("Tests.RmsNorm")!.Variants.Select(v => v.Id));

        cache.Commit(Module, "slow", "// slow, now fastest", "K.Slow", Accepted(0.25, 1.2), HandWritten);
        var variants = cache.TryReadLock("Tests.RmsNorm")!.Variants;
        Assert.Equal(["slow", "fast", "not-faster"], variants.Select(v => v.Id));
        Assert.Equal(KernelFileHash.OfText("// slow, now fastest"), variants[0].Sha256);
        Assert.Empty(Directory.GetFiles(Path.Combine(folder, "Tests.RmsNorm"), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Committing_after_the_reference_changed_drops_variants_verified_against_the_old_reference()
    {
        var cache = new KernelCache(folder);
        cache.Commit(Module, "old", "// verified against the old reference", "K.Old", Accepted(1.0, 1.2), HandWritten);

        var changedReference = Module with { Fingerprint = new string('5', 64) };
        cache.Commit(changedReference, "new", "// verified against the new reference", "K.New", Accepted(1.0, 1.2), HandWritten);

        var kernelLock = cache.TryReadLock("Tests.RmsNorm")!;
        Assert.Equal(changedReference.Fingerprint, kernelLock.Fingerprint);
        Assert.Equal("new", Assert.Single(kernelLock.Variants).Id);
    }

    [Fact]
    public void Concurrent_writers_on_one_cache_lose_no_variant_and_leave_a_readable_lock()
    {
        // Separate KernelCache instances and threads stand for separate builds: the write lock is an exclusively
        // opened file (flock), which excludes other open handles in this process exactly as in another process.
        const int Writers = 4, CommitsPerWriter = 12;
        Parallel.For(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, writer =>
        {
            var cache = new KernelCache(folder);
            for (var i = 0; i < CommitsPerWriter; i++)
                cache.Commit(Module, $"w{writer}-v{i}", $"// writer {writer}, variant {i}", "K.Run", Accepted(1.0 + i, 1.2), HandWritten);
        });

        var variants = new KernelCache(folder).TryReadLock("Tests.RmsNorm")!.Variants;
        Assert.Equal(Writers * CommitsPerWriter, variants.Count);
        Assert.Equal(Writers * CommitsPerWriter, variants.Select(v => v.Id).Distinct().Count());
        Assert.Empty(Directory.GetFiles(Path.Combine(folder, "Tests.RmsNorm"), "*.tmp", SearchOption.AllDirectories));
    }
}
