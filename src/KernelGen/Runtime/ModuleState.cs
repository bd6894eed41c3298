using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>
/// Finds a module's parameter or buffer by its dotted name (as in <c>named_parameters()</c>) on every call, without
/// allocating.
/// </summary>
/// <remarks>
/// The tensors are looked up per call rather than cached per module: <c>to(dtype)</c> and <c>to(device)</c> replace
/// (and dispose) them, and a property setter swaps them, so a cached tensor would need a per-call check against the
/// module's current registration, which is the same dictionary lookup this does. <c>load_state_dict</c> copies into
/// the registered tensors in place, so a lookup sees the new values either way.
/// TorchSharp 0.107's <c>get_parameter</c> and <c>get_buffer</c> split the name into a new array on every call, so
/// this reads the module's registration dictionaries directly through <see cref="UnsafeAccessorAttribute"/>
/// (resolved at compile time: no reflection, trimming- and NativeAOT-safe). Names those dictionaries do not hold
/// (modules that override the lookups, such as ParameterList) and a TorchSharp whose fields were renamed go through
/// the public API instead: correct, only not allocation-free.
/// </remarks>
sealed class ModuleState
{
    static volatile bool fieldsAvailable = true;

    readonly string[] path;
    readonly string leaf;

    public ModuleState(string name)
    {
        var segments = name.Split('.');
        path = segments[..^1];
        leaf = segments[^1];
    }

    public Tensor? Find(nn.Module module)
    {
        var owner = module;
        foreach (var segment in path)
        {
            if (Child(owner, segment) is not { } child) return null;
            owner = child;
        }
        if (fieldsAvailable)
        {
            try
            {
                if (Parameters(owner).TryGetValue(leaf, out var parameter)) return parameter;
                if (Buffers(owner).TryGetValue(leaf, out var buffer)) return buffer.Item1;
            }
            catch (MissingFieldException)
            {
                fieldsAvailable = false;
            }
        }
        return owner.get_parameter(leaf) ?? owner.get_buffer(leaf);
    }

    static nn.Module? Child(nn.Module module, string name)
    {
        // Base modules return their child dictionary itself; containers such as Sequential override it with an iterator.
        var children = module.named_children();
        if (children is OrderedDict<string, nn.Module> dictionary)
            return dictionary.TryGetValue(name, out var child) ? child : null;
        foreach (var (childName, child) in children)
            if (childName == name) return child;
        return null;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_internal_params")]
    static extern ref OrderedDict<string, Parameter> Parameters(nn.Module module);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_internal_buffers")]
    static extern ref OrderedDict<string, (Tensor, bool)> Buffers(nn.Module module);
}
