using System.Text.Json;
using System.Text.Json.Nodes;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers;

namespace KernelGen.Engine.Cache;

/// <summary>
/// The kernel cache folder of a project (<c>kernels/</c>): one folder per module with its lock and kernel files.
/// Every write is atomic; the lock is rewritten whole and deterministically, under a cross-process lock per module
/// (<see cref="CacheWriteLock"/>) so concurrent writers never lose each other's variants.
/// </summary>
public sealed class KernelCache(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string ModuleFolder(string module) => Path.Combine(Root, module);

    public string LockPath(string module) => Path.Combine(ModuleFolder(module), KernelLock.FileName);

    /// <summary>The module's lock, or null when it has none.</summary>
    public KernelLock? TryReadLock(string module) => File.Exists(LockPath(module)) ? LockFile.Read(LockPath(module)) : null;

    /// <summary>
    /// Writes the kernel file <c>cpu/&lt;id&gt;.cs</c> and records the variant with its evidence in the lock (replacing an
    /// entry with the same id), refreshing the module's fingerprint and contract; variants verified under another
    /// fingerprint are dropped from the lock. Returns the entry written.
    /// </summary>
    public KernelVariantEntry Commit(ModuleDescription module, string variantId, string source, string entryPoint, EvaluationResult result, KernelProvenance provenance)
    {
        using var writing = CacheWriteLock.Acquire(ModuleFolder(module.Module));
        var relativeFile = $"cpu/{variantId}.cs";
        AtomicFile.WriteAllText(Path.Combine(ModuleFolder(module.Module), relativeFile), source);
        var entry = new KernelVariantEntry(
            variantId,
            "cpu",
            module.Contract.Output.Dtype,
            entryPoint,
            relativeFile,
            KernelFileHash.OfText(source),
            result.ShapeDomain ?? throw new ArgumentException("the evaluation has no verified shape domain", nameof(result)),
            result.Verdict == Verdict.Accepted ? VariantStatus.Verified : VariantStatus.Rejected,
            result.Selected,
            ToJsonObject(result.Verification) ?? new JsonObject { ["verdict"] = "rejected", ["failingCheck"] = result.FailingCheck, ["reason"] = result.Reason },
            ToJsonObject(result.Benchmark) ?? [],
            provenance);

        // Variants recorded under another fingerprint were verified against another reference: carrying them into a
        // lock with the new fingerprint would make stale kernels look fresh. They must be re-verified to come back.
        var previous = TryReadLock(module.Module);
        var existing = previous is not null && previous.Fingerprint == module.Fingerprint ? previous.Variants : [];
        var variants = existing.Where(v => v.Id != variantId).Append(entry);
        LockFile.Write(LockPath(module.Module), new KernelLock(module.Module, module.Fingerprint, module.Contract, Order(variants)));
        return entry;
    }

    /// <summary>
    /// Rewrites one committed variant's benchmark evidence (when <paramref name="benchmark"/> is not null) and its
    /// selection; everything else stays as verification wrote it, and the variants are reordered for dispatch.
    /// </summary>
    public void UpdateBenchmark(string module, string variantId, BenchmarkResult? benchmark, bool selected)
    {
        using var writing = CacheWriteLock.Acquire(ModuleFolder(module));
        var kernelLock = LockFile.Read(LockPath(module));
        var variants = kernelLock.Variants.Select(v => v.Id != variantId ? v : v with
        {
            Benchmark = ToJsonObject(benchmark) ?? v.Benchmark,
            Selected = selected,
        });
        LockFile.Write(LockPath(module), kernelLock with { Variants = Order(variants) });
    }

    /// <summary>Dispatch order: selected variants fastest first (by the benchmark's kernel median), then the rest by id.</summary>
    public static IReadOnlyList<KernelVariantEntry> Order(IEnumerable<KernelVariantEntry> variants) =>
        [.. variants.OrderByDescending(v => v.Selected)
            .ThenBy(v => v.Selected ? MedianMs(v) : 0)
            .ThenBy(v => v.Id, StringComparer.Ordinal)];

    static double MedianMs(KernelVariantEntry variant) =>
        variant.Benchmark["candidateMedianMs"] is JsonValue value && value.TryGetValue<double>(out var ms) ? ms : double.MaxValue;

    static JsonObject? ToJsonObject<T>(T? evidence) where T : class =>
        evidence is null ? null : JsonSerializer.SerializeToNode(evidence, WorkerJson.Options)!.AsObject();
}
