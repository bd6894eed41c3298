using KernelGen.Runtime;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace KernelGen.Tests;

[Collection(RuntimeCollection.Name)]
public class DispatchTests
{
    static ScaleModule ModuleWithCorrectKernel() =>
        new(ScaleModule.TableWith("scale", static call => ScaleModule.ScaleKernel(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>())));

    static Tensor Expected(ScaleModule module, Tensor x) => x * module.weight.detach();

    [Fact]
    public void Runs_the_kernel_inside_its_domain_and_gets_the_reference_result()
    {
        using var _ = no_grad();
        var module = ModuleWithCorrectKernel();
        var x = randn(5, ScaleModule.Width);

        var y = module.forward(x);

        Assert.Equal("scale", KernelModuleInfo(module).LastVariant);
        Assert.Equal(0, module.ReferenceCalls);
        Assert.True(y.allclose(Expected(module, x), rtol: 0, atol: 0));
    }

    [Theory]
    [InlineData(65, ScaleModule.Width)]   // rows above the verified range
    [InlineData(4, 9)]                    // fixed dimension of another size
    public void Falls_back_outside_the_shape_domain(long rows, long width)
    {
        using var _ = no_grad();
        var module = ModuleWithCorrectKernel();
        // A weight of another width would make the reference fail; only exercise x's shape.
        var x = randn(rows, width);
        if (width != ScaleModule.Width)
        {
            Assert.ThrowsAny<Exception>(() => module.forward(x));
        }
        else
        {
            var y = module.forward(x);
            Assert.True(y.allclose(Expected(module, x)));
        }
        Assert.Null(KernelModuleInfo(module).LastVariant);
        Assert.Equal(1, module.ReferenceCalls);
    }

    [Fact]
    public void Falls_back_for_another_dtype_or_a_non_contiguous_input()
    {
        using var _ = no_grad();
        var module = ModuleWithCorrectKernel();

        var doubles = randn(3, ScaleModule.Width, dtype: ScalarType.Float64);
        module.forward(doubles);
        Assert.Null(KernelModuleInfo(module).LastVariant);

        var transposed = randn(ScaleModule.Width, 3).t();
        Assert.False(transposed.is_contiguous());
        var y = module.forward(transposed);
        Assert.Null(KernelModuleInfo(module).LastVariant);
        Assert.True(y.allclose(Expected(module, transposed)));
        Assert.Equal(2, module.ReferenceCalls);
    }

    [Fact]
    public void A_kernel_that_throws_is_disabled_and_the_call_returns_the_reference_result()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var calls = 0;
        var module = new ScaleModule(ScaleModule.TableWith("broken", call =>
        {
            calls++;
            throw new InvalidOperationException("kernel bug");
        }));
        var x = randn(4, ScaleModule.Width);

        var first = module.forward(x);
        var second = module.forward(x);

        Assert.True(first.allclose(Expected(module, x)));
        Assert.True(second.allclose(Expected(module, x)));
        Assert.Equal(1, calls); // the breaker kept the second call away from the kernel
        var variant = Assert.Single(KernelModuleInfo(module).Variants);
        Assert.Contains("kernel bug", variant.DisabledReason);
        var line = Assert.Single(settings.Log.Lines);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal("KernelGen", line.Category);
        Assert.Contains("'broken'", line.Message);
        Assert.Contains("threw", line.Message);
        Assert.Contains("kernel bug", line.Message);
    }

    [Fact]
    public void A_binding_with_the_wrong_element_type_throws_instead_of_misreading_memory()
    {
        using var _ = no_grad();
        var module = new ScaleModule(ScaleModule.TableWith("wrong-type", static call => call.Argument<double>(0)));
        var x = randn(2, ScaleModule.Width);

        var y = module.forward(x);

        Assert.True(y.allclose(Expected(module, x)));
        Assert.Contains("Float32", KernelModuleInfo(module).Variants[0].DisabledReason);
    }

    [Fact]
    public void Uses_the_reference_when_autograd_records_the_call()
    {
        var module = ModuleWithCorrectKernel();
        var x = randn(3, ScaleModule.Width, requires_grad: true);
        var upstream = randn(3, ScaleModule.Width);

        var y = module.forward(x); // weight requires grad and grad mode is on
        y.backward([upstream]);

        // The gradients the reference's own autograd graph gives: d/dweight = sum over rows of upstream * x, d/dx = upstream * weight.
        Assert.Null(KernelModuleInfo(module).LastVariant);
        Assert.True(module.weight.grad!.allclose((upstream * x.detach()).sum(dim: 0)));
        Assert.True(x.grad!.allclose(upstream * module.weight.detach()));

        using (no_grad())
        {
            module.forward(x);
            Assert.Equal("scale", KernelModuleInfo(module).LastVariant);
        }
    }

    [Fact]
    public void The_kill_switch_runs_every_reference()
    {
        using var _ = no_grad();
        var module = ModuleWithCorrectKernel();
        var x = randn(3, ScaleModule.Width);
        using (new RuntimeSettings())
        {
            KernelGenEnvironment.Disabled = true;
            module.forward(x);
            Assert.Null(KernelModuleInfo(module).LastVariant);
            Assert.Equal(1, module.ReferenceCalls);
        }
        module.forward(x);
        Assert.Equal("scale", KernelModuleInfo(module).LastVariant);
    }

    [Fact]
    public void Backends_not_enabled_run_the_reference()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var module = ModuleWithCorrectKernel();
        var x = randn(3, ScaleModule.Width);

        KernelGenEnvironment.Backends = ["cuda"];
        module.forward(x);
        Assert.Null(KernelModuleInfo(module).LastVariant);

        KernelGenEnvironment.Backends = ["CPU"];
        module.forward(x);
        Assert.Equal("scale", KernelModuleInfo(module).LastVariant);
    }

    static IKernelModuleInfo KernelModuleInfo(ScaleModule module) => module.Info;
}
