using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KernelBench.Level3;

/// <summary>KernelBench level 3, problem 1: a MLP with two hidden layers, Linear + ReLU per hidden layer, then Linear.</summary>
[KernelBenchProblem(3, 1, "MLP")]
[GenerateKernels]
public sealed partial class P1_MLP : Module<Tensor, Tensor>
{
    static readonly (long Batch, long Input, long[] Hidden, long Output) Size = KernelBenchSize.Of<P1_MLP>().Select(
        full: (128L, 16384L, new long[] { 16384, 16384 }, 8192L),
        reduced: (32L, 256L, new long[] { 256, 256 }, 128L));

    readonly Module<Tensor, Tensor> network;

    public P1_MLP(long inputSize, long[] layerSizes, long outputSize) : base(nameof(P1_MLP))
    {
        network = Mlp.Network(inputSize, layerSizes, outputSize);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => network.forward(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.Input)];

    [KernelFactory]
    internal static P1_MLP Create() => new(Size.Input, Size.Hidden, Size.Output);
}
