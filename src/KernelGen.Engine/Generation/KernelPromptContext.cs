using KernelGen.Engine.Cache;

namespace KernelGen.Engine.Generation;

/// <summary>Everything a kernel prompt says about one module.</summary>
/// <param name="ModuleName">The module's full type name, such as <c>QuickStart.RmsNorm</c>.</param>
/// <param name="ReferenceSource">The module's C# source: the definition a kernel must match.</param>
/// <param name="Inputs">The reference's tensor inputs, in order.</param>
/// <param name="State">The module's parameters then buffers, in <c>named_parameters()</c> then <c>named_buffers()</c> order.</param>
/// <param name="Output">The output tensor.</param>
/// <param name="BytesMoved">Bytes of inputs, state and output at the sample shapes.</param>
/// <param name="BandwidthGBps">Peak memory bandwidth of the target machine, in GB/s (10^9 bytes per second).</param>
public sealed record KernelPromptContext(
    string ModuleName,
    string ReferenceSource,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> State,
    TensorSpec Output,
    long BytesMoved,
    double BandwidthGBps)
{
    /// <summary>The time to move <see cref="BytesMoved"/> at <see cref="BandwidthGBps"/>: no kernel can be faster.</summary>
    public TimeSpan SpeedOfLight => TimeSpan.FromSeconds(BytesMoved / (BandwidthGBps * 1e9));
}
