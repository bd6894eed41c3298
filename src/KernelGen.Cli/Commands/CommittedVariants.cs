using KernelGen.Engine.Cache;
using KernelGen.Engine.Modules;

namespace KernelGen.Cli.Commands;

/// <summary>A committed, verified CPU variant whose file is present and matches the lock's hash.</summary>
sealed record CommittedVariant(KernelVariantEntry Entry, string Path, string Source);

/// <summary>
/// The committed variants of a module that can be measured again (used by <c>bench</c> and <c>suite</c>): the lock
/// must exist and match the module's current fingerprint; each verified CPU variant's file must exist and hash as the
/// lock says. Whatever is skipped comes back as a note that says why and what to run.
/// </summary>
static class CommittedVariants
{
    /// <param name="HasCache">A lock exists for the module.</param>
    /// <param name="Variants">The verified CPU variants whose files match the lock.</param>
    /// <param name="Notes">Why anything was skipped.</param>
    /// <param name="OnlyOtherBackends">The lock holds variants, none of them for the CPU (e.g. only CUDA kernels).</param>
    public sealed record Found(bool HasCache, IReadOnlyList<CommittedVariant> Variants, IReadOnlyList<string> Notes, bool OnlyOtherBackends = false);

    public static async Task<Found> ReadAsync(KernelCache cache, ModuleDescription module, CancellationToken cancellationToken)
    {
        var kernelLock = cache.TryReadLock(module.Module);
        if (kernelLock is null) return new(false, [], [$"{module.Module}: no kernel cache at {cache.ModuleFolder(module.Module)}"]);
        if (kernelLock.Fingerprint != module.Fingerprint)
            return new(true, [], [$"{module.Module}: the lock was verified against another reference (fingerprint changed); run 'kernelgen verify' first"]);

        var variants = new List<CommittedVariant>();
        var notes = new List<string>();
        foreach (var variant in kernelLock.Variants.Where(v => v.Backend == "cpu" && v.Status == VariantStatus.Verified))
        {
            var path = Path.Combine(cache.ModuleFolder(module.Module), variant.File);
            var source = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
            if (source is null || KernelFileHash.OfText(source) != variant.Sha256)
            {
                notes.Add($"{module.Module} / {variant.Id}: {(source is null ? "kernel file missing" : "kernel file differs from the lock")} ({path}); run 'kernelgen verify'");
                continue;
            }
            variants.Add(new(variant, path, source));
        }
        var onlyOtherBackends = kernelLock.Variants.Count > 0 && kernelLock.Variants.All(v => v.Backend != "cpu");
        if (onlyOtherBackends)
            notes.Add($"{module.Module}: its kernel cache holds only {string.Join(", ", kernelLock.Variants.Select(v => v.Backend).Distinct())} variants; CPU runs use the reference");
        return new(true, variants, notes, onlyOtherBackends);
    }
}
