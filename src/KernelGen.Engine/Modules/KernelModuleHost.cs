using System.Reflection;
using System.Runtime.ExceptionServices;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Engine.Modules;

/// <summary>
/// An annotated module type, reached by reflection: its factory, its sample inputs and its (private) reference method.
/// Used only in the worker process, which can afford reflection and TorchSharp.
/// </summary>
public sealed class KernelModuleHost
{
    const BindingFlags AnyStatic = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
    const BindingFlags AnyInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    readonly MethodInfo? factory;
    readonly MethodInfo inputs;
    readonly MethodInfo reference;

    KernelModuleHost(Type type, KernelModuleAttribute attribute, MethodInfo? factory, MethodInfo inputs, MethodInfo reference)
    {
        Type = type;
        Attribute = attribute;
        this.factory = factory;
        this.inputs = inputs;
        this.reference = reference;
    }

    public Type Type { get; }

    /// <summary>The full name, as in <c>kernels/&lt;Namespace.Module&gt;/</c>.</summary>
    public string Name => Type.FullName!.Replace('+', '.');

    public KernelModuleAttribute Attribute { get; }

    /// <summary>The reference's parameter names: the contract's input names.</summary>
    public IReadOnlyList<string> InputNames => [.. reference.GetParameters().Select(p => p.Name ?? $"input{p.Position}")];

    public static KernelModuleHost For(Type type)
    {
        var attribute = type.GetCustomAttribute<KernelModuleAttribute>()
            ?? throw new InvalidOperationException($"{type.FullName} has no [KernelModule]; build it with the KernelGen source generator");
        var reference = Single(type, AnyInstance, typeof(KernelReferenceAttribute), "[KernelReference] method");
        var inputs = Single(type, AnyStatic, typeof(KernelInputsAttribute), "static [KernelInputs] method");
        var factories = type.GetMethods(AnyStatic).Where(m => m.IsDefined(typeof(KernelFactoryAttribute))).ToList();
        if (factories.Count > 1) throw new InvalidOperationException($"{type.FullName} has more than one [KernelFactory] method");
        if (factories.Count == 0 && type.GetConstructor(Type.EmptyTypes) is null)
            throw new InvalidOperationException($"{type.FullName} needs a [KernelFactory] static method or a public parameterless constructor");
        return new KernelModuleHost(type, attribute, factories.SingleOrDefault(), inputs, reference);
    }

    /// <summary>A new instance, built the way the module says tools should build it.</summary>
    public nn.Module Create() =>
        (nn.Module)(factory is not null ? Invoke(factory, null, []) : Activator.CreateInstance(Type)!)!;

    /// <summary>The sample inputs on the CPU.</summary>
    public Tensor[] SampleInputs() => (Tensor[])Invoke(inputs, null, [CPU])!;

    /// <summary>Runs the reference on <paramref name="module"/>; exceptions surface unwrapped.</summary>
    public Tensor RunReference(nn.Module module, IReadOnlyList<Tensor> arguments) => (Tensor)Invoke(reference, module, [.. arguments])!;

    /// <summary>The module state a kernel receives: <c>named_parameters()</c> then <c>named_buffers()</c>.</summary>
    public static IReadOnlyList<(string Name, Tensor Tensor)> State(nn.Module module) =>
        [.. module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), .. module.named_buffers().Select(b => (b.name, b.buffer))];

    static MethodInfo Single(Type type, BindingFlags flags, Type attribute, string what)
    {
        var methods = type.GetMethods(flags | BindingFlags.DeclaredOnly).Where(m => m.IsDefined(attribute)).ToList();
        return methods.Count == 1 ? methods[0] : throw new InvalidOperationException($"{type.FullName} must have exactly one {what}, found {methods.Count}");
    }

    static object? Invoke(MethodInfo method, object? target, object?[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
