using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level3;

/// <summary>
/// KernelBench level 3, problem 43: minGPT's causal self-attention (c_attn → per-head scaled dot product with the
/// causal mask buffer → softmax → c_proj), dropout probabilities 0 as in get_init_inputs().
/// </summary>
[KernelBenchProblem(3, 43, "MinGPTCausalAttention")]
[GenerateKernels]
public sealed partial class P43_MinGPTCausalAttention : Module<Tensor, Tensor>
{
    const long NumHeads = 8;
    const double AttnPdrop = 0.0;
    const double ResidPdrop = 0.0;

    static readonly (long Batch, long SeqLen, long Embd, long MaxSeqLen) Size =
        KernelBenchSize.Of<P43_MinGPTCausalAttention>().Select(full: (128L, 512L, 768L, 1024L), reduced: (4L, 64L, 64L, 128L));

    readonly Linear c_attn;
    readonly Linear c_proj;
    readonly Dropout attn_dropout;
    readonly Dropout resid_dropout;
    readonly Tensor bias;

    public P43_MinGPTCausalAttention(long nEmbd, long maxSeqLen) : base(nameof(P43_MinGPTCausalAttention))
    {
        c_attn = Linear(nEmbd, 3 * nEmbd);
        c_proj = Linear(nEmbd, nEmbd);
        attn_dropout = Dropout(AttnPdrop);
        resid_dropout = Dropout(ResidPdrop);
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
        att = att.masked_fill(bias.narrow(2, 0, t).narrow(3, 0, t).eq(0), double.NegativeInfinity);
        att = attn_dropout.forward(softmax(att, -1));
        var y = matmul(att, v).transpose(1, 2).contiguous().view(b, t, c);
        return resid_dropout.forward(c_proj.forward(y));
    }

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.SeqLen, Size.Embd)];

    [KernelFactory]
    internal static P43_MinGPTCausalAttention Create() => new(Size.Embd, Size.MaxSeqLen);
}
