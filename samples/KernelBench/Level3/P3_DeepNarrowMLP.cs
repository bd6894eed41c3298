using KernelGen;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KernelBench.Level3;

/// <summary>KernelBench level 3, problem 3: a deep, narrow MLP (16 hidden layers), Linear + ReLU per hidden layer, then Linear.</summary>
[KernelBenchProblem(3, 3, "DeepNarrowMLP")]
[GenerateKernels]
public sealed partial class P3_DeepNarrowMLP : Module<Tensor, Tensor>
{
    static readonly (long Batch, long Input, long[] Hidden, long Output) Size = KernelBenchSize.Of<P3_DeepNarrowMLP>().Select(
        full: (1024L, 8192L, Enumerable.Repeat(1024L, 16).ToArray(), 8192L),
        reduced: (64L, 256L, Enumerable.Repeat(64L, 16).ToArray(), 256L));

    readonly Module<Tensor, Tensor> network;

    public P3_DeepNarrowMLP(long inputSize, long[] layerSizes, long outputSize) : base(nameof(P3_DeepNarrowMLP))
    {
        network = Mlp.Network(inputSize, layerSizes, outputSize);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x) => network.forward(x);

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Size.Batch, Size.Input)];

    [KernelFactory]
    internal static P3_DeepNarrowMLP Create() => new(Size.Input, Size.Hidden, Size.Output);
}
