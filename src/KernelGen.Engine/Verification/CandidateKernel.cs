using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using KernelGen.Cpu;
using KernelGen.Runtime;
using static TorchSharp.torch;

namespace KernelGen.Engine.Verification;

/// <summary>
/// A compiled candidate loaded into the worker, callable exactly as an app calls a baked kernel: through a
/// <see cref="CpuKernelVariant"/> whose invoker does what the generated binding does (typed views from the call).
/// </summary>
public sealed class CandidateKernel
{
    readonly CpuKernelInvoker run;
    readonly Type outputElementType;

    CandidateKernel(CpuKernelInvoker run, Type outputElementType)
    {
        this.run = run;
        this.outputElementType = outputElementType;
    }

    /// <summary>Loads the candidate assembly and binds its <c>Run</c> method.</summary>
    public static CandidateKernel Load(string assemblyPath, string entryPoint)
    {
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        var type = assembly.GetType(entryPoint) ?? throw new InvalidOperationException($"the candidate has no type '{entryPoint}'");
        var method = type.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{entryPoint} has no public static Run method");
        var parameters = method.GetParameters();
        return new CandidateKernel(EmitInvoker(method, parameters), parameters[^1].ParameterType.GetGenericArguments()[0]);
    }

    /// <summary>
    /// A variant for <paramref name="domain"/>. With <paramref name="poison"/>, every call first fills the output with
    /// the poison's current value, so unwritten elements show.
    /// </summary>
    public CpuKernelVariant CreateVariant(string id, ScalarType[] argumentTypes, ScalarType outputType, ShapeDomain domain, OutputPoison? poison = null)
    {
        if (poison is null) return new CpuKernelVariant(id, argumentTypes, outputType, domain, run);
        var fill = poison.FillerFor(outputElementType);
        var kernel = run;
        return new CpuKernelVariant(id, argumentTypes, outputType, domain, call =>
        {
            fill(call);
            kernel(call);
        });
    }

    /// <summary>
    /// <c>call =&gt; Run(call.Argument&lt;T0&gt;(0), ..., call.Output&lt;TOut&gt;())</c>, the binding the generator emits.
    /// IL because the element types are known only at run time and the call is a ref struct.
    /// </summary>
    static CpuKernelInvoker EmitInvoker(MethodInfo run, ParameterInfo[] parameters)
    {
        var argument = typeof(CpuKernelCall).GetMethod(nameof(CpuKernelCall.Argument))!;
        var output = typeof(CpuKernelCall).GetMethod(nameof(CpuKernelCall.Output))!;
        var method = new DynamicMethod($"KernelGen.Invoke.{run.DeclaringType!.Name}", typeof(void), [typeof(CpuKernelCall)], typeof(CandidateKernel).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        for (var i = 0; i < parameters.Length - 1; i++)
        {
            il.Emit(OpCodes.Ldarga_S, (byte)0);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Call, argument.MakeGenericMethod(ElementType(parameters[i], typeof(ReadOnlyTensorView<>))));
        }
        il.Emit(OpCodes.Ldarga_S, (byte)0);
        il.Emit(OpCodes.Call, output.MakeGenericMethod(ElementType(parameters[^1], typeof(TensorView<>))));
        il.Emit(OpCodes.Call, run);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<CpuKernelInvoker>();
    }

    static Type ElementType(ParameterInfo parameter, Type view) =>
        parameter.ParameterType.IsGenericType && parameter.ParameterType.GetGenericTypeDefinition() == view
            ? parameter.ParameterType.GetGenericArguments()[0]
            : throw new InvalidOperationException($"Run's parameter '{parameter.Name}' must be a {view.Name[..^2]}<T>");
}

/// <summary>The value the next poisoned call writes into the output before the kernel runs.</summary>
public sealed class OutputPoison
{
    /// <summary>The poison, converted to the output's element type (integer outputs get distinct small sentinels).</summary>
    public double Value { get; set; } = double.NaN;

    internal CpuKernelInvoker FillerFor(Type elementType) =>
        (CpuKernelInvoker)Delegate.CreateDelegate(typeof(CpuKernelInvoker), Activator.CreateInstance(typeof(Filler<>).MakeGenericType(elementType), this)!, "Fill");

    sealed class Filler<T>(OutputPoison poison) where T : unmanaged
    {
        public void Fill(CpuKernelCall call) => call.Output<T>().Span.Fill(Convert(poison.Value));

        static T Convert(double value)
        {
            object converted = default(T) switch
            {
                float => (float)value,
                double => value,
                Half => (Half)value,
                bool => !double.IsNaN(value) && value < 0,
                _ => System.Convert.ChangeType(double.IsNaN(value) ? 77 : value > 0 ? 99 : 55, typeof(T), System.Globalization.CultureInfo.InvariantCulture),
            };
            return (T)converted;
        }
    }
}
