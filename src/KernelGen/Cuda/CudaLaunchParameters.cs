namespace KernelGen.Cuda;

/// <summary>
/// The kernel parameters of one launch in the ABI's order: each argument's device pointer (inputs, then state), the
/// output's, then each bound shape symbol as a 64-bit integer. <c>cuLaunchKernel</c> reads parameter i through
/// <c>parameters[i]</c>, a pointer to its value; every value here is 8 bytes, as the kernel's pointer and
/// <c>long long</c> parameters are.
/// </summary>
internal static unsafe class CudaLaunchParameters
{
    /// <summary>Writes the values and the pointers to them; both buffers hold arguments + 1 + symbols entries.</summary>
    public static void Pack(ReadOnlySpan<IntPtr> arguments, IntPtr output, ReadOnlySpan<long> symbols, long* values, void** parameters)
    {
        var count = 0;
        foreach (var pointer in arguments) values[count++] = pointer;
        values[count++] = output;
        foreach (var symbol in symbols) values[count++] = symbol;
        for (var i = 0; i < count; i++) parameters[i] = &values[i];
    }
}
