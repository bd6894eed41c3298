using System.Text.Json.Nodes;

namespace KernelGen.Engine.Cache;

/// <summary>A module's <c>kernelgen.lock.json</c> (schema 1, docs/kernel-abi.md).</summary>
public sealed record KernelLock(string Module, string Fingerprint, KernelContract Contract, IReadOnlyList<KernelVariantEntry> Variants)
{
    /// <summary>The only schema this engine reads and writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The lock's file name inside the module folder.</summary>
    public const string FileName = "kernelgen.lock.json";

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
}

/// <summary>What every kernel of a module receives and returns, at the sample shapes.</summary>
/// <param name="BytesMoved">Bytes of inputs, state and output at the sample shapes.</param>
/// <param name="Flops">Floating-point operations per call, when known.</param>
public sealed record KernelContract(long BytesMoved, double? Flops, IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> State, TensorSpec Output);

/// <summary>A tensor of the contract: its name (null for the output), dtype (e.g. <c>float32</c>) and sample shape.</summary>
public sealed record TensorSpec(string? Name, string Dtype, IReadOnlyList<long> Shape);

/// <summary>One kernel variant of a module and its evidence.</summary>
/// <param name="Id">[a-z0-9-]+, unique in the lock.</param>
/// <param name="File">Relative to the module folder, forward slashes.</param>
/// <param name="Status"><see cref="VariantStatus.Verified"/> or <see cref="VariantStatus.Rejected"/>.</param>
/// <param name="Selected">Verified and measurably faster than the reference: the generator bakes it.</param>
/// <param name="Verification">Verification evidence (docs/verification.md).</param>
/// <param name="Benchmark">Benchmark evidence, or an empty object when none was measured.</param>
public sealed record KernelVariantEntry(
    string Id,
    string Backend,
    string Dtype,
    string EntryPoint,
    string File,
    string Sha256,
    ShapeDomainSpec ShapeDomain,
    string Status,
    bool Selected,
    JsonObject Verification,
    JsonObject Benchmark,
    KernelProvenance Provenance);

/// <summary>The status strings of <see cref="KernelVariantEntry.Status"/>.</summary>
public static class VariantStatus
{
    public const string Verified = "verified";
    public const string Rejected = "rejected";
}

/// <summary>The shapes a variant was verified for: per argument (inputs then state) and for the output, each dim fixed or a symbol.</summary>
public sealed record ShapeDomainSpec(IReadOnlyList<IReadOnlyList<DimValue>> Arguments, IReadOnlyList<DimValue> Output, IReadOnlyList<SymbolSpec> Symbols);

/// <summary>One dimension of a shape domain: a fixed size or the name of a symbol.</summary>
public readonly record struct DimValue
{
    DimValue(long size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>The fixed size; meaningful only when <see cref="Symbol"/> is null.</summary>
    public long Size { get; }

    /// <summary>The symbol's name, or null for a fixed size.</summary>
    public string? Symbol { get; }

    public static DimValue Fixed(long size) => new(size, null);

    public static DimValue Of(string symbol) => new(0, symbol);

    public override string ToString() => Symbol ?? Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A symbolic dimension and the sizes it was verified for.</summary>
public sealed record SymbolSpec(string Name, long Min, long Max);

/// <summary>Where a variant came from.</summary>
/// <param name="Origin"><c>hand-written</c> or <c>llm</c>.</param>
/// <param name="CreatedUtc">ISO 8601 UTC time, e.g. <c>2026-11-26T08:00:00Z</c>.</param>
public sealed record KernelProvenance(string Origin, string? Provider, string? Model, string? PromptTemplateSha256, int Attempt, string CreatedUtc)
{
    public const string HandWritten = "hand-written";
    public const string Llm = "llm";
}
