using KernelGen.Engine.Cache;
using KernelGen.Engine.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Engine.Verification;

/// <summary>
/// Infers which input dimensions a kernel must accept at other sizes. Input dims of equal size share a symbol; a dim
/// whose size equals some state dim is probed on its own (it is likely tied to the weight, and if it is not, a shared
/// symbol would wrongly couple it); a symbol is kept only if the reference accepts every probe size and the output
/// shape follows the symbol predictably, otherwise it is pinned to its sample size. State dims are always fixed.
/// </summary>
public sealed class ShapeInference
{
    /// <summary>The sizes each symbol is probed and verified at, besides its sample size: 1, tiny, odd, prime, not multiples of any vector width.</summary>
    public static readonly IReadOnlyList<long> ProbeSizes = [1, 2, 3, 7, 17, 61, 127];

    static readonly string[] Names = ["N", "M", "K", "L", "P", "Q", "R", "S", "T", "U", "V", "W"];

    readonly KernelModuleHost host;
    readonly nn.Module module;
    readonly IReadOnlyList<Tensor> sampleInputs;
    readonly IReadOnlyList<Tensor> state;

    public ShapeInference(KernelModuleHost host, nn.Module module, IReadOnlyList<Tensor> sampleInputs)
    {
        this.host = host;
        this.module = module;
        this.sampleInputs = sampleInputs;
        state = [.. KernelModuleHost.State(module).Select(s => s.Tensor)];
    }

    public InferredDomain Infer()
    {
        var stateSizes = state.SelectMany(s => s.shape).ToHashSet();
        var groups = new List<List<(int Input, int Dim)>>();
        foreach (var sizeGroup in AllInputDims().GroupBy(d => sampleInputs[d.Input].shape[d.Dim]))
        {
            if (stateSizes.Contains(sizeGroup.Key)) groups.AddRange(sizeGroup.Select(d => new List<(int, int)> { d }));
            else groups.Add([.. sizeGroup]);
        }

        var symbols = new List<InferredSymbol>();
        foreach (var group in groups)
        {
            if (Probe(group) is { } probed) symbols.Add(new InferredSymbol(SymbolName(symbols.Count), group, SampleSize(group), probed.Probes, probed.Outputs));
            else if (group.Count > 1)
            {
                // Dims of equal size that cannot change together may still change one at a time.
                foreach (var single in group)
                    if (Probe([single]) is { } alone) symbols.Add(new InferredSymbol(SymbolName(symbols.Count), [single], SampleSize([single]), alone.Probes, alone.Outputs));
            }
        }
        return Build(symbols);
    }

    static string SymbolName(int index) => index < Names.Length ? Names[index] : $"S{index}";

    IEnumerable<(int Input, int Dim)> AllInputDims() =>
        sampleInputs.SelectMany((t, i) => Enumerable.Range(0, (int)t.ndim).Select(d => (i, d)));

    long SampleSize(List<(int Input, int Dim)> group) => sampleInputs[group[0].Input].shape[group[0].Dim];

    /// <summary>The probe sizes the reference accepts for <paramref name="group"/> and the output shape at each, or null if any probe fails.</summary>
    (long[] Probes, long[][] Outputs)? Probe(List<(int Input, int Dim)> group)
    {
        var sample = SampleSize(group);
        var probes = ProbeSizes.Where(p => p != sample).ToArray();
        var outputs = new long[probes.Length][];
        for (var i = 0; i < probes.Length; i++)
        {
            using var scope = NewDisposeScope();
            var inputs = sampleInputs.Select((t, index) =>
            {
                var shape = t.shape.ToArray();
                foreach (var (input, dim) in group) if (input == index) shape[dim] = probes[i];
                return InputDistribution.All[0].Create(shape, t.dtype);
            }).ToList();
            try
            {
                outputs[i] = host.RunReference(module, inputs).shape;
            }
            catch (Exception)
            {
                return null;
            }
        }
        return (probes, outputs);
    }

    InferredDomain Build(List<InferredSymbol> symbols)
    {
        using var scope = NewDisposeScope();
        var sampleOutput = host.RunReference(module, sampleInputs).shape;
        var kept = new List<InferredSymbol>();
        var outputDims = sampleOutput.Select(DimValue.Fixed).ToArray();
        foreach (var symbol in symbols)
        {
            // An output dim follows the symbol if it has the symbol's sample size and the probe's size at every probe.
            var follows = Enumerable.Range(0, sampleOutput.Length)
                .Where(d => sampleOutput[d] == symbol.SampleSize && symbol.ProbeOutputs.Select((o, i) => o.Length == sampleOutput.Length && o[d] == symbol.Probes[i]).All(b => b))
                .ToList();
            var predictable = symbol.ProbeOutputs.Select((o, i) => o.Length == sampleOutput.Length && Enumerable.Range(0, o.Length).All(d =>
                o[d] == (follows.Contains(d) ? symbol.Probes[i] : sampleOutput[d]))).All(b => b);
            if (!predictable) continue;
            kept.Add(symbol);
            foreach (var d in follows) outputDims[d] = DimValue.Of(symbol.Name);
        }

        var arguments = new List<IReadOnlyList<DimValue>>();
        for (var i = 0; i < sampleInputs.Count; i++)
        {
            var dims = sampleInputs[i].shape.Select(DimValue.Fixed).ToArray();
            foreach (var symbol in kept)
                foreach (var (input, dim) in symbol.Dims)
                    if (input == i) dims[dim] = DimValue.Of(symbol.Name);
            arguments.Add(dims);
        }
        arguments.AddRange(state.Select(s => (IReadOnlyList<DimValue>)s.shape.Select(DimValue.Fixed).ToArray()));
        return new InferredDomain(kept, arguments, outputDims);
    }
}

/// <summary>A symbolic dimension: the input dims it stands for, its sample size and the probe sizes the reference accepted.</summary>
public sealed record InferredSymbol(string Name, IReadOnlyList<(int Input, int Dim)> Dims, long SampleSize, IReadOnlyList<long> Probes, IReadOnlyList<long[]> ProbeOutputs)
{
    /// <summary>Every size the symbol is verified at.</summary>
    public IEnumerable<long> VerifiedSizes => Probes.Append(SampleSize);
}

/// <summary>The domain a candidate is verified for: each symbol ranges over [1, largest verified size].</summary>
public sealed record InferredDomain(IReadOnlyList<InferredSymbol> Symbols, IReadOnlyList<IReadOnlyList<DimValue>> Arguments, IReadOnlyList<DimValue> Output)
{
    public ShapeDomainSpec ToSpec() => new(Arguments, Output, [.. Symbols.Select(s => new SymbolSpec(s.Name, 1, s.VerifiedSizes.Max()))]);

    /// <summary>The dispatcher's form of <see cref="ToSpec"/>.</summary>
    public Runtime.ShapeDomain ToRuntime()
    {
        var index = Symbols.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        Runtime.DimSpec Dim(DimValue d) => d.Symbol is { } name ? Runtime.DimSpec.Of(index[name]) : Runtime.DimSpec.Fixed(d.Size);
        return new Runtime.ShapeDomain(
            [.. Symbols.Select(s => new Runtime.SymbolRange(s.Name, 1, s.VerifiedSizes.Max()))],
            [.. Arguments.Select(a => a.Select(Dim).ToArray())],
            [.. Output.Select(Dim)]);
    }

    /// <summary>The argument shapes (inputs then state) for the given symbol sizes.</summary>
    public long[][] Shapes(IReadOnlyDictionary<string, long> sizes) =>
        [.. Arguments.Select(a => a.Select(d => d.Symbol is { } name ? sizes[name] : d.Size).ToArray())];
}
