using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using KernelGen.Cpu;
using KernelGen.Runtime;
using static TorchSharp.torch;

namespace KernelGen.Benchmarks;

/// <summary>
/// The cost of the dispatcher over calling the kernel directly. Both sides allocate the output with
/// <c>torch.empty</c> and run the same kernel on the same memory; the difference is the dispatch decision (state
/// lookup, device/dtype/contiguity/shape checks, autograd check, telemetry); <see cref="DecisionOnly"/> measures the
/// decision by itself, without subtracting two noisy numbers.
/// The shape is one row of 64 floats on purpose, so the kernel's own time does not hide the overhead.
/// </summary>
[MemoryDiagnoser]
public class DispatchOverheadBenchmarks
{
    const int Rows = 1;
    Tensor x = null!;
    ScaleModule module = null!;
    MeterListener? listener;

    /// <summary>Whether a MeterListener listens to the KernelGen meter (then kernel time is measured per call).</summary>
    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        x = randn(Rows, ScaleModule.Width);
        module = new ScaleModule();
        if (Listening)
        {
            listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Meter.Name == "KernelGen") l.EnableMeasurementEvents(instrument);
                },
            };
            listener.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
            listener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
            listener.Start();
        }
        using var output = module.forward(x);
        if (module.Info.LastVariant is null) throw new InvalidOperationException("the benchmark module did not dispatch to its kernel");
    }

    [GlobalCleanup]
    public void Cleanup() => listener?.Dispose();

    /// <summary>What an app would write by hand: allocate the output and call the kernel on the tensors' memory.</summary>
    [Benchmark(Baseline = true)]
    public unsafe void KernelDirectly()
    {
        using var output = empty(Rows, ScaleModule.Width);
        Span<long> xSizes = [Rows, ScaleModule.Width];
        Span<long> weightSizes = [ScaleModule.Width];
        ScaleModule.Kernel(
            new ReadOnlyTensorView<float>((float*)TensorMemory.DataPointer(x), new TensorShape(xSizes)),
            new ReadOnlyTensorView<float>((float*)TensorMemory.DataPointer(module.weight), new TensorShape(weightSizes)),
            new TensorView<float>((float*)TensorMemory.DataPointer(output), new TensorShape(xSizes)));
    }

    /// <summary>The generated <c>forward</c>: dispatch decision, then the same allocation and kernel.</summary>
    [Benchmark]
    public void Dispatched()
    {
        using var output = module.forward(x);
    }

    /// <summary>The dispatch decision alone (state lookup, checks, shape binding), without the output or the kernel.</summary>
    [Benchmark]
    public KernelVariant? DecisionOnly() => module.Decide(x);

    /// <summary>The module's reference in TorchSharp eager, for scale.</summary>
    [Benchmark]
    public void Reference()
    {
        using var output = module.Reference(x);
    }
}
