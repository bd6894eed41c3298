using KernelGen.Cpu;
using KernelGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Tests;

/// <summary>Every way a kernel can fail still returns the reference's result and logs exactly one line.</summary>
[Collection(RuntimeCollection.Name)]
public class FaultInjectionTests
{
    static Tensor Expected(ScaleModule module, Tensor x) => x * module.weight.detach();

    [Fact]
    public void A_kernel_that_cannot_load_is_disabled_once_with_the_loader_reason()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var module = new ScaleModule(ScaleModule.TableWith("unloadable", static call =>
            UnloadableKernel.Run(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>())));
        var x = randn(4, ScaleModule.Width);

        for (var i = 0; i < 3; i++)
            Assert.True(module.forward(x).allclose(Expected(module, x), rtol: 0, atol: 0));

        Assert.Equal(3, module.ReferenceCalls);
        Assert.StartsWith(CpuKernelVariant.FailedToLoad, module.Info.Variants[0].DisabledReason);
        var line = Assert.Single(settings.Log.Lines);
        Assert.Contains("failed-to-load", line.Message);
        Assert.Contains("needs an instruction set this CPU lacks", line.Message);
    }

    [Fact]
    public void A_kernel_that_returns_NaN_is_caught_by_the_shadow_check_and_the_call_returns_the_reference_result()
    {
        using var _ = no_grad();
        var x = randn(4, ScaleModule.Width);

        // Without shadow checks the wrong result goes out: that is what the check is for.
        using (new RuntimeSettings(shadowRate: 0))
        {
            var unchecked_ = NaNModule().forward(x);
            Assert.True(unchecked_.isnan().any().item<bool>());
        }

        using var settings = new RuntimeSettings(shadowRate: 1);
        var module = NaNModule();
        var first = module.forward(x);
        var second = module.forward(x);

        Assert.True(first.allclose(Expected(module, x), rtol: 0, atol: 0));
        Assert.True(second.allclose(Expected(module, x), rtol: 0, atol: 0));
        Assert.Null(module.Info.LastVariant);
        Assert.StartsWith(CpuKernelVariant.ShadowMismatch, module.Info.Variants[0].DisabledReason);
        var line = Assert.Single(settings.Log.Lines);
        Assert.Contains("shadow-mismatch", line.Message);
        Assert.Contains("NaN", line.Message);
    }

    [Fact]
    public void A_kernel_slightly_off_fails_the_shadow_check_and_one_within_rounding_passes()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings(shadowRate: 1);
        var x = randn(16, ScaleModule.Width);

        var rounding = OffByModule("rounding", 1e-6f);
        var y = rounding.forward(x);
        Assert.Equal("rounding", rounding.Info.LastVariant);
        Assert.False(y.allclose(Expected(rounding, x), rtol: 0, atol: 0)); // the kernel's own result went out
        Assert.Null(rounding.Info.Variants[0].DisabledReason);

        var wrong = OffByModule("wrong", 1e-2f);
        Assert.True(wrong.forward(x).allclose(Expected(wrong, x), rtol: 0, atol: 0));
        Assert.Contains("exceeds the shadow bound", wrong.Info.Variants[0].DisabledReason);
        Assert.Single(settings.Log.Lines);
    }

    [Fact]
    public void Tensors_on_a_device_without_kernels_run_the_reference()
    {
        // No GPU here: the meta device (shapes without memory) stands in for any device no variant runs on.
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var kernelCalls = 0;
        var module = new ScaleModule(ScaleModule.TableWith("cpu-only", call =>
        {
            kernelCalls++;
            ScaleModule.ScaleKernel(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>());
        }));
        module.to(DeviceType.META);
        var x = empty(4, ScaleModule.Width, device: META);

        var y = module.forward(x);

        Assert.Equal(DeviceType.META, y.device_type);
        Assert.Equal([4L, ScaleModule.Width], y.shape);
        Assert.Equal(0, kernelCalls);
        Assert.Equal(1, module.ReferenceCalls);
        Assert.Null(module.Info.LastVariant);
        Assert.Empty(settings.Log.Lines); // a routine fallback, not a failure: counted, not logged
        Assert.Null(module.Info.Variants[0].DisabledReason);
    }

    [Fact]
    public void A_sparse_input_goes_to_the_reference_instead_of_failing_in_dispatch()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        using var metrics = new MetricCollector();
        var kernelCalls = 0;
        var module = new ScaleModule(ScaleModule.TableWith("dense-only", call =>
        {
            kernelCalls++;
            ScaleModule.ScaleKernel(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>());
        }));
        var sparse = randn(4, ScaleModule.Width).to_sparse();

        // Whether LibTorch's sparse multiply accepts this is the reference's business, not the dispatcher's.
        Record.Exception(() => module.forward(sparse));

        Assert.Equal(0, kernelCalls);
        Assert.Equal(1, module.ReferenceCalls);
        Assert.Equal(1, metrics.Sum("kernelgen.fallbacks", module.Info.ModuleName, "reason", "layout"));
    }

    static ScaleModule NaNModule() => new(ScaleModule.TableWith("nan", static call => call.Output<float>().Span.Fill(float.NaN)));

    static ScaleModule OffByModule(string id, float relativeError) => new(ScaleModule.TableWith(id, call =>
    {
        var output = call.Output<float>();
        ScaleModule.ScaleKernel(call.Argument<float>(0), call.Argument<float>(1), output);
        foreach (ref var value in output.Span) value *= 1 + relativeError;
    }));

    static class UnloadableKernel
    {
        static UnloadableKernel() => throw new PlatformNotSupportedException("the kernel needs an instruction set this CPU lacks");

        public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output) =>
            ScaleModule.ScaleKernel(x, weight, output);
    }
}
