using KernelGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Tests;

/// <summary>The kernels must always read the module's current parameters and buffers, whatever replaced or changed them.</summary>
[Collection(RuntimeCollection.Name)]
public class StateChangeTests
{
    static ScaleModule ModuleWithCorrectKernel() =>
        new(ScaleModule.TableWith("scale", static call => ScaleModule.ScaleKernel(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>())));

    static void AssertKernelComputes(ScaleModule module, Tensor expectedWeight)
    {
        var x = randn(4, ScaleModule.Width);
        var y = module.forward(x);
        Assert.Equal("scale", module.Info.LastVariant);
        Assert.True(y.allclose(x * expectedWeight, rtol: 0, atol: 0));
    }

    [Fact]
    public void A_reassigned_parameter_is_the_one_the_kernel_reads()
    {
        using var _ = no_grad();
        var module = ModuleWithCorrectKernel();
        AssertKernelComputes(module, arange(1, ScaleModule.Width + 1, dtype: ScalarType.Float32));

        var replacement = full(ScaleModule.Width, 3f);
        module.weight = nn.Parameter(replacement.clone());

        AssertKernelComputes(module, replacement);
    }

    [Fact]
    public void Load_state_dict_values_reach_the_kernel()
    {
        using var _ = no_grad();
        var module = ModuleWithCorrectKernel();
        AssertKernelComputes(module, module.weight.detach().clone());

        var loaded = linspace(-1, 1, ScaleModule.Width, dtype: ScalarType.Float32);
        module.load_state_dict(new Dictionary<string, Tensor> { ["weight"] = loaded });

        AssertKernelComputes(module, loaded);
    }

    [Fact]
    public void Converting_the_module_to_another_dtype_and_back_uses_the_new_tensors()
    {
        using var _ = no_grad();
        var module = ModuleWithCorrectKernel();
        var before = module.weight;
        AssertKernelComputes(module, module.weight.detach().clone());

        module.to(ScalarType.Float64);
        var doubles = randn(4, ScaleModule.Width, dtype: ScalarType.Float64);
        var y = module.forward(doubles);
        Assert.Null(module.Info.LastVariant); // a float64 weight is outside the verified dtypes
        Assert.True(y.allclose(doubles * module.weight));
        module.weight.mul_(2); // new values, so a kernel fed the old float32 tensor would give a different result

        module.to(ScalarType.Float32);
        Assert.NotSame(before, module.weight); // to() replaced the parameter: a cached one would be stale
        AssertKernelComputes(module, module.weight.detach().clone());
    }

    [Fact]
    public void State_is_found_in_buffers_and_submodules_without_allocating_once_warm()
    {
        using var _ = no_grad();
        var outer = new Outer();
        var buffer = new ModuleState("scale");
        var nested = new ModuleState("inner.weight");

        Assert.Same(outer.get_buffer("scale"), buffer.Find(outer));
        Assert.Same(outer.inner.weight, nested.Find(outer));
        Assert.Null(new ModuleState("inner.missing").Find(outer));
        Assert.Null(new ModuleState("nowhere.weight").Find(outer));

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            buffer.Find(outer);
            nested.Find(outer);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }

    sealed class Outer : nn.Module
    {
        public Outer() : base(nameof(Outer))
        {
            inner = nn.Linear(2, 2);
            register_buffer("scale", ones(2));
            RegisterComponents();
        }

        public readonly TorchSharp.Modules.Linear inner;
    }
}
