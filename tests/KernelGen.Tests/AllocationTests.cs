using static TorchSharp.torch;

namespace KernelGen.Tests;

[Collection(RuntimeCollection.Name)]
public class AllocationTests
{
    const int Calls = 200;

    [Fact]
    public void Dispatch_allocates_nothing_beyond_the_output_tensor()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var module = new ScaleModule(ScaleModule.TableWith("lean", static call =>
            ScaleModule.ScaleKernel(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>())));
        var x = randn(32, ScaleModule.Width);
        for (var i = 0; i < 10; i++) module.forward(x).Dispose(); // JIT, first-call initialisation

        var dispatched = AllocatedPerCall(() => module.forward(x).Dispose());
        var outputOnly = AllocatedPerCall(() => empty(32, ScaleModule.Width).Dispose());

        Assert.Equal("lean", module.Info.LastVariant);
        Assert.Equal(outputOnly, dispatched);
    }

    [Fact]
    public void The_dispatch_decision_allocates_nothing()
    {
        using var _ = no_grad();
        var table = ScaleModule.TableWith("decided", static call =>
            ScaleModule.ScaleKernel(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>()));
        var module = new ScaleModule(table);
        var x = randn(32, ScaleModule.Width);
        Assert.Equal("decided", table.Decide(module, x)?.Id);

        Assert.Equal(0, AllocatedPerCall(() => table.Decide(module, x)));
    }

    static long AllocatedPerCall(Action call)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++) call();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }
}
