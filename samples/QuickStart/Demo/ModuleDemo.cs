using KernelGen.Engine.Benchmarking;
using KernelGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickStart.Demo;

/// <summary>One annotated module as the sample exercises it: its dispatched forward, its reference and a float64 oracle.</summary>
sealed class ModuleDemo(
    string name,
    Func<IKernelModuleInfo> info,
    Tensor[] inputs,
    Func<Tensor[], Tensor> forward,
    Func<Tensor[], Tensor> reference,
    Func<Tensor[], Tensor> oracle,
    Func<IEnumerable<Tensor>> stateOf)
{
    /// <summary>
    /// The engine accepts a kernel whose error against float64 is within a small factor of the reference's own
    /// float32 error plus a few ulps; the sample applies a rule of that shape to the dispatched result.
    /// </summary>
    const double ErrorFactor = 2.0;
    static readonly double ErrorSlack = 4 * Math.Pow(2, -24);

    public string Name => name;

    /// <summary>Runs forward once on the sample inputs; returns the variant that ran, or null for the reference.</summary>
    public string? RunForwardOnce()
    {
        using var scope = NewDisposeScope();
        forward(inputs);
        return info().LastVariant;
    }

    /// <summary>Accuracy against the oracle, then the engine's harness: cold and warm, reference vs the dispatched forward.</summary>
    public DemoResult Measure(InterleavedHarness harness, MachinePeak peak)
    {
        using var scope = NewDisposeScope();
        var dispatched = forward(inputs);
        var variant = info().LastVariant;
        var exact = oracle(inputs);
        var forwardError = Accuracy.NormalisedMaxError(dispatched, exact);
        var referenceError = Accuracy.NormalisedMaxError(reference(inputs), exact);
        var bytesMoved = BytesMoved(dispatched);

        var referenceSubject = new TensorSubject("reference", () => reference(inputs));
        var forwardSubject = new TensorSubject("forward", () => forward(inputs));
        var cold = harness.Measure(referenceSubject, forwardSubject, TimingMode.Cold);
        var warm = harness.Measure(referenceSubject, forwardSubject, TimingMode.Warm);
        return new DemoResult(name, variant, info().Status, forwardError, referenceError,
            forwardError <= ErrorFactor * referenceError + ErrorSlack, cold, warm,
            SpeedOfLight.Evaluate(cold, bytesMoved, flops: null, peak));
    }

    /// <summary>The contract's convention: inputs, state and output, each once.</summary>
    long BytesMoved(Tensor output) =>
        inputs.Concat(stateOf()).Append(output).Sum(t => t.numel() * t.ElementSize);

    /// <summary>A module built by its factory, with a float64 twin (same state) for the oracle.</summary>
    public static ModuleDemo Create<TModule>(
        string name, Func<TModule> factory, Func<Device, Tensor[]> sampleInputs,
        Func<TModule, Tensor[], Tensor> forward, Func<TModule, Tensor[], Tensor> reference)
        where TModule : nn.Module, IKernelModule
    {
        var module = factory();
        var twin = factory();
        twin.load_state_dict(module.state_dict());
        twin.to(float64);
        return new ModuleDemo(name, KernelModules.Info<TModule>, sampleInputs(CPU),
            a => forward(module, a), a => reference(module, a),
            a => reference(twin, a.Select(t => t.to(float64)).ToArray()),
            () => module.state_dict().Values);
    }
}

/// <summary>What the sample measured for one module: accuracy, both timing modes and the cold result against peak.</summary>
sealed record DemoResult(
    string Module, string? Variant, KernelBakeStatus Status, double ForwardError, double ReferenceError,
    bool WithinTolerance, HarnessMeasurement Cold, HarnessMeasurement Warm, SpeedOfLightEvidence ColdSpeedOfLight);
