using static TorchSharp.torch;

namespace KernelGen.Tests;

[Collection(RuntimeCollection.Name)]
public class TelemetryTests
{
    [Fact]
    public void Calls_fallbacks_trips_and_kernel_time_reach_a_meter_listener()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        using var metrics = new MetricCollector();
        var failNext = false;
        var module = new ScaleModule(ScaleModule.TableWith("metered", call =>
        {
            if (failNext) throw new InvalidOperationException("injected");
            ScaleModule.ScaleKernel(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>());
        }));
        var name = module.Info.ModuleName;

        module.forward(randn(2, ScaleModule.Width));
        module.forward(randn(3, ScaleModule.Width));
        module.forward(randn(100, ScaleModule.Width)); // outside the verified rows
        module.forward(randn(2, ScaleModule.Width, dtype: ScalarType.Float64));
        failNext = true;
        module.forward(randn(2, ScaleModule.Width)); // trips the breaker
        module.forward(randn(2, ScaleModule.Width)); // breaker open

        Assert.Equal(2, metrics.Sum("kernelgen.calls", name, "variant", "metered"));
        Assert.Equal(4, metrics.Sum("kernelgen.calls", name, "variant", "reference"));
        Assert.Equal(1, metrics.Sum("kernelgen.fallbacks", name, "reason", "shape"));
        Assert.Equal(1, metrics.Sum("kernelgen.fallbacks", name, "reason", "dtype"));
        Assert.Equal(1, metrics.Sum("kernelgen.fallbacks", name, "reason", "kernel-failed"));
        Assert.Equal(1, metrics.Sum("kernelgen.fallbacks", name, "reason", "breaker-open"));
        var trip = Assert.Single(metrics.Of("kernelgen.breaker.trips", name));
        Assert.Equal("threw", trip.Tags["cause"]);
        var durations = metrics.Of("kernelgen.kernel.duration", name);
        Assert.Equal(2, durations.Count);
        Assert.All(durations, d => Assert.InRange(d.Value, 1e-9, 10));
        Assert.Single(settings.Log.Lines);
    }

    [Fact]
    public void Shadow_checks_are_counted_by_outcome()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings(shadowRate: 1);
        using var metrics = new MetricCollector();
        var module = new ScaleModule(ScaleModule.TableWith("shadowed", static call =>
            ScaleModule.ScaleKernel(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>())));

        for (var i = 0; i < 3; i++) module.forward(randn(5, ScaleModule.Width));

        Assert.Equal(3, metrics.Sum("kernelgen.shadow.checks", module.Info.ModuleName, "outcome", "agree"));
        Assert.Equal(3, module.ReferenceCalls);
        Assert.Equal("shadowed", module.Info.LastVariant);
    }
}
