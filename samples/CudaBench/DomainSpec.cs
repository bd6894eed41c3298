using System.Globalization;
using System.Text.Json.Nodes;
using KernelGen.Runtime;

namespace CudaBench;

/// <summary>
/// A CUDA variant's shape domain written compactly ("N=1..16384", argument dims "N,8192", output "N,8192"), turned
/// into the runtime's ShapeDomain and into the lock's <c>shapeDomain</c> JSON, so both come from one definition.
/// </summary>
sealed class DomainSpec
{
    readonly (string Name, long Min, long Max)[] symbols;
    readonly string[][] arguments;
    readonly string[] output;

    public DomainSpec(string symbols, string[] arguments, string output)
    {
        this.symbols = [.. symbols.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ParseSymbol)];
        this.arguments = [.. arguments.Select(a => a.Split(','))];
        this.output = output.Split(',');
        Runtime = new ShapeDomain(
            [.. this.symbols.Select(s => new SymbolRange(s.Name, s.Min, s.Max))],
            [.. this.arguments.Select(Dims)],
            Dims(this.output));
    }

    public ShapeDomain Runtime { get; }

    public IReadOnlyList<(string Name, long Min, long Max)> Symbols => symbols;

    /// <summary>Each argument's shape (inputs, then state) with the symbols at <paramref name="sizes"/>.</summary>
    public long[][] Shapes(IReadOnlyList<long> sizes) => [.. arguments.Select(dims => dims.Select(d => Size(d, sizes)).ToArray())];

    public long[] OutputShape(IReadOnlyList<long> sizes) => [.. output.Select(d => Size(d, sizes))];

    /// <summary>The lock's shapeDomain object (docs/kernel-abi.md).</summary>
    public JsonObject ToLockJson() => new()
    {
        ["arguments"] = new JsonArray([.. arguments.Select(a => (JsonNode)new JsonArray([.. a.Select(DimJson)]))]),
        ["output"] = new JsonArray([.. output.Select(DimJson)]),
        ["symbols"] = new JsonArray([.. symbols.Select(s => (JsonNode)new JsonObject { ["max"] = s.Max, ["min"] = s.Min, ["name"] = s.Name })]),
    };

    DimSpec[] Dims(string[] dims) => [.. dims.Select(d => long.TryParse(d, CultureInfo.InvariantCulture, out var size) ? DimSpec.Fixed(size) : DimSpec.Of(SymbolIndex(d)))];

    long Size(string dim, IReadOnlyList<long> sizes) => long.TryParse(dim, CultureInfo.InvariantCulture, out var size) ? size : sizes[SymbolIndex(dim)];

    int SymbolIndex(string name) => Array.FindIndex(symbols, s => s.Name == name) is var i and >= 0 ? i : throw new ArgumentException($"unknown symbol '{name}'");

    static JsonNode? DimJson(string dim) => long.TryParse(dim, CultureInfo.InvariantCulture, out var size) ? JsonValue.Create(size) : JsonValue.Create(dim);

    static (string, long, long) ParseSymbol(string text)
    {
        var parts = text.Split(["=", ".."], StringSplitOptions.None);
        return (parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
    }
}
