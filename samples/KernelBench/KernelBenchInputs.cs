using static TorchSharp.torch;

namespace KernelBench;

/// <summary>Input distributions of KernelBench's <c>get_inputs()</c> and the documented deviations from it.</summary>
static class KernelBenchInputs
{
    /// <summary><c>torch.rand(shape)</c>: uniform on [0, 1), KernelBench's default since v0.1.</summary>
    public static Tensor Rand(Device device, params long[] shape) => rand(shape, device: device);

    /// <summary>
    /// Uniform on [<paramref name="low"/>, <paramref name="high"/>): the deviation used where <c>torch.rand</c>'s
    /// non-negative inputs make the output degenerate (e.g. ReLU of [0, 1) is the identity, so a copy kernel passes).
    /// </summary>
    public static Tensor Uniform(Device device, double low, double high, params long[] shape) => rand(shape, device: device) * (high - low) + low;
}
