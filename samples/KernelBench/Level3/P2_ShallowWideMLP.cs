using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KernelBench.Level3;

/// <summary>KernelBench level 3, problem 2: a shallow, wide MLP, Linear + ReLU per hidden layer, then Linear.</summary>
[KernelBenchProblem(3, 2, "ShallowWideMLP")]
[GenerateKernels]
public sealed partial class P2_ShallowWideMLP : Module<Tensor, Tensor>
{
    static readonly (long Batch, long Input, long[] Hidden, long Output) Size = KernelBenchSize.Of<P2_ShallowWideMLP>().Select(
        full: (128L, 16384L, new long[] { 32768, 32768 }, 16384L),
        reduced: (32L, 256L, new long[] { 512, 512 }, 256L));

    readonly Module<Tensor, Tensor> network;

    public P2_ShallowWideMLP(long inputSize, long[] layerSizes, long outputSize) : base(nameof(P2_ShallowWideMLP))
    {
        network = Mlp.Network(inputSize, layerSizes, outputSize);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => network.forward(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.Input)];

    [KernelFactory]
    internal static P2_ShallowWideMLP Create() => new(Size.Input, Size.Hidden, Size.Output);
}
