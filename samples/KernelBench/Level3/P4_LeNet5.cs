using KernelGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace KernelBench.Level3;

/// <summary>KernelBench level 3, problem 4: LeNet-5 on [batch, 1, 32, 32] images (two conv + max-pool stages, three Linear layers).</summary>
[KernelBenchProblem(3, 4, "LeNet5")]
[GenerateKernels]
public sealed partial class P4_LeNet5 : Module<Tensor, Tensor>
{
    static readonly long Batch = KernelBenchSize.Of<P4_LeNet5>().Select(full: 4096L, reduced: 64L);

    readonly Conv2d conv1;
    readonly Conv2d conv2;
    readonly Linear fc1;
    readonly Linear fc2;
    readonly Linear fc3;

    public P4_LeNet5(long numClasses) : base(nameof(P4_LeNet5))
    {
        conv1 = Conv2d(1, 6, 5, stride: 1);
        conv2 = Conv2d(6, 16, 5, stride: 1);
        fc1 = Linear(16 * 5 * 5, 120);
        fc2 = Linear(120, 84);
        fc3 = Linear(84, numClasses);
        RegisterComponents();
    }

    [KernelReference]
    Tensor Reference(Tensor x)
    {
        x = max_pool2d(relu(conv1.forward(x)), 2, 2);
        x = max_pool2d(relu(conv2.forward(x)), 2, 2);
        x = x.view(-1, 16 * 5 * 5);
        x = relu(fc1.forward(x));
        x = relu(fc2.forward(x));
        return fc3.forward(x);
    }

    [KernelInputs]
    internal static Tensor[] Inputs(Device device) => [KernelBenchInputs.Rand(device, Batch, 1, 32, 32)];

    [KernelFactory]
    internal static P4_LeNet5 Create() => new(20);
}
