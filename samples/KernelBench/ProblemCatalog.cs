using System.Reflection;
using KernelGen;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelBench;

/// <summary>One ported problem: its KernelBench identity and the annotated module's factory, sample inputs and reference.</summary>
public sealed class Problem
{
    const BindingFlags AnyStatic = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
    const BindingFlags AnyInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    readonly MethodInfo factory;
    readonly MethodInfo inputs;
    readonly MethodInfo reference;

    Problem(Type type, KernelBenchProblemAttribute info)
    {
        Type = type;
        Info = info;
        factory = Single(type, AnyStatic, typeof(KernelFactoryAttribute));
        inputs = Single(type, AnyStatic, typeof(KernelInputsAttribute));
        reference = Single(type, AnyInstance, typeof(KernelReferenceAttribute));
    }

    /// <summary>The annotated module type.</summary>
    public Type Type { get; }

    /// <summary>Level, id, name and note.</summary>
    public KernelBenchProblemAttribute Info { get; }

    /// <summary>A stable key: <c>L2-12</c>.</summary>
    public string Key => $"L{Info.Level}-{Info.Id}";

    /// <summary>A new module at the current size (<see cref="KernelBenchSize"/>), initialised as its constructor does.</summary>
    public nn.Module Create() => (nn.Module)Invoke(factory, null, [])!;

    /// <summary>The module's <c>[KernelInputs]</c> at the current size.</summary>
    public Tensor[] SampleInputs(Device device) => (Tensor[])Invoke(inputs, null, [device])!;

    /// <summary>Runs the reference method (not the generated forward) on <paramref name="module"/>.</summary>
    public Tensor RunReference(nn.Module module, Tensor[] arguments) => (Tensor)Invoke(reference, module, [.. arguments])!;

    static MethodInfo Single(Type type, BindingFlags flags, Type attribute) =>
        type.GetMethods(flags).SingleOrDefault(m => m.IsDefined(attribute))
        ?? throw new InvalidOperationException($"{type.FullName} has no single method with [{attribute.Name.Replace("Attribute", "")}]");

    static object? Invoke(MethodInfo method, object? target, object?[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>Every problem of this assembly, ordered by level and id.</summary>
    public static IReadOnlyList<Problem> All { get; } =
    [
        .. typeof(Problem).Assembly.GetTypes()
            .Select(t => (Type: t, Info: t.GetCustomAttribute<KernelBenchProblemAttribute>()))
            .Where(p => p.Info is not null)
            .Select(p => new Problem(p.Type, p.Info!))
            .OrderBy(p => p.Info.Level).ThenBy(p => p.Info.Id),
    ];
}
