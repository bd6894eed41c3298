using KernelGen.Cpu;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>A verified CPU kernel baked into the assembly (C# compiled with the app).</summary>
public sealed class CpuKernelVariant : KernelVariant
{
    readonly CpuKernelInvoker invoke;

    /// <param name="id">The variant's id in the lock file.</param>
    /// <param name="argumentTypes">The verified dtype of each argument (inputs, then module state).</param>
    /// <param name="outputType">The dtype of the output the dispatcher allocates.</param>
    /// <param name="domain">The verified shapes.</param>
    /// <param name="invoke">Calls the kernel with the call's typed views.</param>
    public CpuKernelVariant(string id, ScalarType[] argumentTypes, ScalarType outputType, ShapeDomain domain, CpuKernelInvoker invoke)
        : base(id, argumentTypes, outputType, domain)
    {
        this.invoke = invoke;
    }

    /// <summary>Always "cpu" for this type.</summary>
    public override string Backend => "cpu";

    private protected override DeviceType Device => DeviceType.CPU;

    internal override Tensor? Run(ReadOnlySpan<Tensor> arguments, ReadOnlySpan<TensorShape> shapes, ReadOnlySpan<long> symbols)
    {
        Span<long> outputSizes = stackalloc long[TensorShape.MaxRank];
        outputSizes = outputSizes[..Domain.Output.Count];
        Domain.OutputShape(symbols[..Domain.Symbols.Count], outputSizes);
        var output = empty(outputSizes, OutputType);
        try
        {
            invoke(new CpuKernelCall(arguments, shapes, output, new TensorShape(outputSizes)));
            return output;
        }
        catch (Exception e)
        {
            output.Dispose();
            Trip(IsLoadFailure(e) ? FailedToLoad : Threw, $"{e.GetType().Name}: {Innermost(e).Message}");
            return null;
        }
    }

    // The kernel never ran: its type initialiser threw, the CPU lacks an instruction set it needs, or code it calls is missing.
    static bool IsLoadFailure(Exception e) =>
        e is TypeInitializationException or PlatformNotSupportedException or MissingMemberException or TypeLoadException or BadImageFormatException or DllNotFoundException;

    static Exception Innermost(Exception e) => e is TypeInitializationException { InnerException: { } inner } ? inner : e;
}
