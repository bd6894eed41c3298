using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace KernelBench.Level3;

/// <summary>
/// The layer stack of KernelBench's MLP problems (level 3, problems 1–3): Linear + ReLU per hidden size, then a final
/// Linear, in one <c>nn.Sequential</c> so that the state-dict names (<c>network.0.weight</c>, ...) match PyTorch's.
/// </summary>
static class Mlp
{
    public static Module<Tensor, Tensor> Network(long inputSize, IReadOnlyList<long> hiddenSizes, long outputSize)
    {
        var layers = new List<Module<Tensor, Tensor>>();
        var current = inputSize;
        foreach (var hidden in hiddenSizes)
        {
            layers.Add(Linear(current, hidden));
            layers.Add(ReLU());
            current = hidden;
        }
        layers.Add(Linear(current, outputSize));
        return Sequential(layers);
    }
}
