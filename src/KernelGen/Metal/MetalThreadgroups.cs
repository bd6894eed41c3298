namespace KernelGen.Metal;

/// <summary>
/// The threadgroup width of a dispatch. A launch line's width is a promise the kernel may rely on (threadgroup
/// arrays sized for it, SIMD-group reductions over it), so it is used as written and refused when the compiled
/// pipeline cannot run it. Without one, the widest multiple of the SIMD-group width the pipeline allows is used:
/// whole SIMD-groups, as many threads per group as the kernel's registers permit.
/// </summary>
internal static class MetalThreadgroups
{
    /// <summary>The width for <paramref name="requested"/> (0: choose), or -1 with why it cannot run.</summary>
    public static int Width(int requested, MetalPipeline pipeline, out string? error)
    {
        error = null;
        if (requested > 0)
        {
            if (requested <= pipeline.MaxTotalThreadsPerThreadgroup) return requested;
            error = $"the launch line asks for threadgroup={requested} but the compiled pipeline allows at most {pipeline.MaxTotalThreadsPerThreadgroup} threads per threadgroup";
            return -1;
        }
        var simd = Math.Max(1, pipeline.ThreadExecutionWidth);
        var width = pipeline.MaxTotalThreadsPerThreadgroup / simd * simd;
        return width >= 1 ? width : Math.Max(1, pipeline.MaxTotalThreadsPerThreadgroup);
    }
}
