using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level3;

/// <summary>
/// KernelBench level 3, problem 50: causal self-attention with ReLU in place of softmax (c_attn → per-head scaled
/// dot product with the causal mask buffer → relu → weighted sum of values), no output projection in forward.
/// </summary>
[KernelBenchProblem(3, 50, "ReLUSelfAttention")]
[GenerateKernels]
public sealed partial class P50_ReLUSelfAttention : Module<Tensor, Tensor>
{
    const long NumHeads = 12;

    static readonly (long Batch, long Embd, long MaxSeqLen) Size =
        KernelBenchSize.Of<P50_ReLUSelfAttention>().Select(full: (16L, 768L, 1024L), reduced: (2L, 96L, 64L));

    readonly Linear c_attn;
    readonly Linear c_proj;
    readonly Tensor bias;

    public P50_ReLUSelfAttention(long nEmbd, long maxSeqLen) : base(nameof(P50_ReLUSelfAttention))
    {
        c_attn = Linear(nEmbd, 3 * nEmbd);
        c_proj = Linear(nEmbd, nEmbd);
        bias = tril(ones(maxSeqLen, maxSeqLen)).view(1, 1, maxSeqLen, maxSeqLen);
        register_buffer("bias", bias);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x)
    {
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var qkv = c_attn.forward(x).split(c, 2);
        var q = qkv[0].view(b, t, NumHeads, c / NumHeads).transpose(1, 2);
        var k = qkv[1].view(b, t, NumHeads, c / NumHeads).transpose(1, 2);
        var v = qkv[2].view(b, t, NumHeads, c / NumHeads).transpose(1, 2);
        var att = matmul(q, k.transpose(-2, -1)) * (1.0 / Math.Sqrt(k.shape[^1]));
        att = relu(att.masked_fill(bias.narrow(2, 0, t).narrow(3, 0, t).eq(0), double.NegativeInfinity));
        return matmul(att, v).transpose(1, 2).contiguous().view(b, t, c);
    }

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.MaxSeqLen, Size.Embd)];

    [KernelFactory]
    internal static P50_ReLUSelfAttention Create() => new(Size.Embd, Size.MaxSeqLen);
}
