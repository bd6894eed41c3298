using KernelGen.Engine.Cache;
using static TorchSharp.torch;

namespace KernelGen.Engine.Modules;

/// <summary>Extracts a module's contract by running its factory, sample inputs and reference once (worker side).</summary>
public static class ModuleDescriber
{
    public static ModuleDescription Describe(KernelModuleHost host)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var module = host.Create();
        var inputs = host.SampleInputs();
        var names = host.InputNames;
        if (names.Count != inputs.Length)
            throw new InvalidOperationException($"{host.Name}: [KernelInputs] returned {inputs.Length} tensors but the reference takes {names.Count}");
        var output = host.RunReference(module, inputs);
        var state = KernelModuleHost.State(module);

        var contract = new KernelContract(
            BytesMoved: inputs.Concat(state.Select(s => s.Tensor)).Append(output).Sum(t => t.numel() * t.element_size()),
            Flops: null,
            Inputs: [.. inputs.Select((t, i) => Spec(names[i], t))],
            State: [.. state.Select(s => Spec(s.Name, s.Tensor))],
            Output: Spec(null, output));
        return new ModuleDescription(host.Name, host.Attribute.Fingerprint, host.Attribute.Source, contract);
    }

    static TensorSpec Spec(string? name, Tensor tensor) => new(name, Dtypes.Name(tensor.dtype), tensor.shape);
}
