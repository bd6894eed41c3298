using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Engine.Benchmarking;

/// <summary>
/// A call that returns a tensor, timed as the app runs it: the output's allocation is inside the clock; the dispose
/// scope that frees it and the reference's temporaries is opened before and closed after.
/// </summary>
public sealed class TensorSubject(string name, Func<Tensor> call) : TimedSubject(name)
{
    DisposeScope? scope;
    Tensor? output;

    public override void Prepare() => scope = NewDisposeScope();

    public override void Call() => output = call();

    public override double OutputChecksum() => Checksum(Output);

    public override void Release()
    {
        if (output is { } o && o.is_floating_point()) o.fill_(float.NaN);
        output = null;
        scope?.Dispose();
        scope = null;
    }

    Tensor Output => output ?? throw new InvalidOperationException($"{Name}: no output (call before checksum)");

    /// <summary>A sequential, hence deterministic, sum over the raw elements (LibTorch's own reductions may split work differently per call).</summary>
    public static double Checksum(Tensor tensor)
    {
        // contiguous() may hand back an alias of the output; only a real copy is disposed here.
        var source = tensor.is_contiguous() ? tensor : tensor.contiguous();
        try
        {
            var bytes = source.bytes;
            return tensor.dtype switch
            {
                ScalarType.Float32 => Sum(MemoryMarshal.Cast<byte, float>(bytes)),
                ScalarType.Float64 => Sum(MemoryMarshal.Cast<byte, double>(bytes)),
                _ => Hash(bytes),
            };
        }
        finally
        {
            if (!ReferenceEquals(source, tensor)) source.Dispose();
        }
    }

    static double Sum(ReadOnlySpan<float> values)
    {
        var accumulator = Vector<double>.Zero;
        var i = 0;
        for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            Vector.Widen(new Vector<float>(values[i..]), out var low, out var high);
            accumulator += low + high;
        }
        var sum = Vector.Sum(accumulator);
        for (; i < values.Length; i++) sum += values[i];
        return sum;
    }

    static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values) sum += value;
        return sum;
    }

    /// <summary>Integer and boolean outputs have no NaN to poison with; any change of their bits still changes this.</summary>
    static double Hash(ReadOnlySpan<byte> bytes)
    {
        long hash = 0;
        var words = MemoryMarshal.Cast<byte, long>(bytes);
        foreach (var word in words) hash = unchecked(hash * 31 + word);
        foreach (var tail in bytes[(words.Length * sizeof(long))..]) hash = unchecked(hash * 31 + tail);
        return hash;
    }
}
