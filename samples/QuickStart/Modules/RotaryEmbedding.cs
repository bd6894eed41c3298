using KernelGen;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickStart;

/// <summary>
/// Rotary position embedding applied to queries or keys laid out as [tokens, heads, headDim], with the cos/sin
/// tables of the positions as [tokens, headDim] (Hugging Face's <c>apply_rotary_pos_emb</c> with <c>rotate_half</c>).
/// Eager TorchSharp materialises the negated half, the concatenation and both products; a fused kernel reads
/// x once and writes the result once.
/// </summary>
[GenerateKernels]
public sealed partial class RotaryEmbedding() : nn.Module<Tensor, Tensor, Tensor, Tensor>(nameof(RotaryEmbedding))
{
    const int Tokens = 2048;
    const int Heads = 32;
    const int HeadDim = 128;
    const double RopeBase = 10000.0;

    [KernelReference]
    Tensor Reference(Tensor x, Tensor cos, Tensor sin)
    {
        var halves = x.chunk(2, -1);
        var rotated = cat([-halves[1], halves[0]], -1);
        return x * cos.unsqueeze(1) + rotated * sin.unsqueeze(1);
    }

    [KernelInputs]
    internal static Tensor[] Inputs(Device device)
    {
        var inverseFrequencies = pow(RopeBase, -arange(0, HeadDim, 2, float64, device) / HeadDim);
        var angles = outer(arange(Tokens, float64, device), inverseFrequencies);
        var table = cat([angles, angles], -1);
        return [randn(Tokens, Heads, HeadDim, device: device), table.cos().to(float32), table.sin().to(float32)];
    }

    [KernelFactory]
    internal static RotaryEmbedding Create() => new();

    /// <summary>The reference, callable from the sample to time it and to build the float64 oracle.</summary>
    internal Tensor RunReference(Tensor x, Tensor cos, Tensor sin) => Reference(x, cos, sin);
}
