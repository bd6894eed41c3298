using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KernelGen.Engine.Cache;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers;

namespace KernelGen.Cli.Inspection;

/// <summary>The health of one module's kernel cache, as <c>list</c>, <c>doctor</c> and <c>report</c> show it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModuleCacheState>))]
enum ModuleCacheState
{
    /// <summary>The lock matches the module's current reference fingerprint and every kernel file matches its hash.</summary>
    [JsonStringEnumMemberName("fresh")] Fresh,

    /// <summary>Every kernel file matches its hash; the fingerprint was not compared (no build was described).</summary>
    [JsonStringEnumMemberName("intact")] Intact,

    /// <summary>The module's reference changed since its kernels were verified: the app runs the reference.</summary>
    [JsonStringEnumMemberName("stale-fingerprint")] StaleFingerprint,

    /// <summary>A kernel file is missing or differs from the lock's sha256: the build fails (KG0003).</summary>
    [JsonStringEnumMemberName("tampered")] Tampered,

    /// <summary>The lock cannot be read.</summary>
    [JsonStringEnumMemberName("malformed-lock")] MalformedLock,

    /// <summary>An annotated module with no kernels yet: the app runs its reference.</summary>
    [JsonStringEnumMemberName("no-cache")] NoCache,

    /// <summary>A cache folder for a module the project no longer annotates.</summary>
    [JsonStringEnumMemberName("no-module")] NoModule,
}

/// <summary>A kernel file compared with the lock's <c>sha256</c> (<see cref="KernelFileHash"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KernelFileState>))]
enum KernelFileState
{
    [JsonStringEnumMemberName("intact")] Intact,
    [JsonStringEnumMemberName("missing")] Missing,
    [JsonStringEnumMemberName("hash-mismatch")] HashMismatch,
}

/// <summary>One variant of a lock, its kernel file's state and its evidence read back into the engine's types.</summary>
/// <param name="Entry">The variant as the lock records it.</param>
/// <param name="FilePath">The kernel file's full path.</param>
/// <param name="File">The kernel file compared with the lock's sha256.</param>
/// <param name="Verification">The verification evidence of a verified variant; null for rejected ones or unreadable evidence.</param>
/// <param name="Benchmark">The benchmark evidence; null when none was measured or it is unreadable.</param>
/// <param name="EvidenceProblem">Why evidence that is present could not be read, else null.</param>
sealed record VariantInspection(
    KernelVariantEntry Entry, string FilePath, KernelFileState File,
    VerificationEvidence? Verification, BenchmarkResult? Benchmark, string? EvidenceProblem)
{
    /// <summary>The failing check of a rejected variant, as verify recorded it.</summary>
    public string? FailingCheck => (string?)(Entry.Verification["failingCheck"] as JsonValue);
}

/// <summary>One module's cache: its state, the finding behind it, what to do about it, and its variants.</summary>
/// <param name="Module">The module's full name (its cache folder's name).</param>
/// <param name="State">The module's cache state.</param>
/// <param name="Folder">The module's cache folder.</param>
/// <param name="Problem">What is wrong, naming the file; null when fresh or intact.</param>
/// <param name="Fix">The command or action that fixes <paramref name="Problem"/>; null when nothing needs fixing.</param>
/// <param name="Lock">The lock, when it could be read.</param>
/// <param name="Variants">The lock's variants, in lock order.</param>
sealed record ModuleInspection(
    string Module, ModuleCacheState State, string Folder, string? Problem, string? Fix, KernelLock? Lock, IReadOnlyList<VariantInspection> Variants);

/// <summary>
/// Reads a project's kernel cache with the engine's own lock reader and kernel file hash, and compares it with the
/// modules' current fingerprints when they are known (from the worker's description of the built project).
/// </summary>
static class CacheInspector
{
    /// <param name="cache">The project's kernel cache.</param>
    /// <param name="currentFingerprints">Module → reference fingerprint of the built project; null when not described.</param>
    /// <param name="projectPath">Named in the fixes, so that they can be copied as they are.</param>
    public static IReadOnlyList<ModuleInspection> Inspect(KernelCache cache, IReadOnlyDictionary<string, string>? currentFingerprints, string projectPath)
    {
        var cached = Directory.Exists(cache.Root)
            ? Directory.EnumerateDirectories(cache.Root).Where(d => File.Exists(Path.Combine(d, KernelLock.FileName))).Select(Path.GetFileName).OfType<string>()
            : [];
        var modules = cached.Union(currentFingerprints?.Keys ?? []).Order(StringComparer.Ordinal);
        return [.. modules.Select(m => InspectModule(cache, m, currentFingerprints, projectPath))];
    }

    static ModuleInspection InspectModule(KernelCache cache, string module, IReadOnlyDictionary<string, string>? fingerprints, string projectPath)
    {
        var folder = cache.ModuleFolder(module);
        var verify = $"kernelgen verify --project {projectPath} --module {module}";
        if (!File.Exists(cache.LockPath(module)))
            return new(module, ModuleCacheState.NoCache, folder, null, $"no kernels yet (the app runs the reference): kernelgen generate --project {projectPath} --module {module}, or kernelgen verify --candidate <file> --commit", null, []);

        KernelLock kernelLock;
        try
        {
            kernelLock = LockFile.Read(cache.LockPath(module));
        }
        catch (LockFileException e)
        {
            return new(module, ModuleCacheState.MalformedLock, folder, e.Message,
                $"restore the lock from version control (git checkout -- {cache.LockPath(module)}); every build fails until it is readable", null, []);
        }

        var variants = kernelLock.Variants.Select(v => InspectVariant(folder, v)).ToList();
        if (fingerprints is not null && !fingerprints.TryGetValue(module, out _))
            return new(module, ModuleCacheState.NoModule, folder, $"the project has no annotated module {module}",
                $"delete {folder} if the module was renamed or removed", kernelLock, variants);
        if (fingerprints is not null && fingerprints[module] != kernelLock.Fingerprint)
            return new(module, ModuleCacheState.StaleFingerprint, folder,
                "the module's reference changed since its kernels were verified (fingerprint differs); the app runs the reference",
                $"re-verify the kernels against the new reference: {verify}", kernelLock, variants);
        var broken = variants.Where(v => v.File != KernelFileState.Intact).ToList();
        if (broken.Count > 0)
            return new(module, ModuleCacheState.Tampered, folder,
                string.Join("; ", broken.Select(v => v.File == KernelFileState.Missing
                    ? $"{v.FilePath} is missing"
                    : $"{v.FilePath} differs from the lock's sha256 (edited after verification)")) + "; the build fails with KG0003",
                $"restore the file(s) from version control, or verify the edited kernel again: {verify}", kernelLock, variants);
        return new(module, fingerprints is null ? ModuleCacheState.Intact : ModuleCacheState.Fresh, folder, null, null, kernelLock, variants);
    }

    static VariantInspection InspectVariant(string folder, KernelVariantEntry entry)
    {
        var path = Path.GetFullPath(Path.Combine(folder, entry.File));
        var file = !File.Exists(path) ? KernelFileState.Missing
            : KernelFileHash.OfFile(path) == entry.Sha256 ? KernelFileState.Intact
            : KernelFileState.HashMismatch;
        var problems = new List<string>();
        var verification = entry.Status == VariantStatus.Verified ? Evidence<VerificationEvidence>(entry.Verification, "verification", problems) : null;
        var benchmark = entry.Benchmark.Count > 0 ? Evidence<BenchmarkResult>(entry.Benchmark, "benchmark", problems) : null;
        return new(entry, path, file, verification, benchmark, problems.Count > 0 ? string.Join("; ", problems) : null);
    }

    /// <summary>The engine's evidence format, but every constructor field required and non-nullable fields non-null.</summary>
    static readonly JsonSerializerOptions StrictEvidence = new(WorkerJson.Options) { RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true };

    /// <summary>Evidence objects are kept as raw JSON by the lock reader; they are untrusted input, so reading one may fail.</summary>
    static T? Evidence<T>(JsonObject json, string name, List<string> problems) where T : class
    {
        try
        {
            return json.Deserialize<T>(StrictEvidence) ?? throw new JsonException("null");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or FormatException)
        {
            problems.Add($"{name} evidence unreadable: {e.Message}");
            return null;
        }
    }
}
