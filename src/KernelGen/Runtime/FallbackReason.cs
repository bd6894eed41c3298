namespace KernelGen.Runtime;

/// <summary>Why a call ran the reference instead of a kernel; the <c>reason</c> tag of the fallback counter.</summary>
enum FallbackReason
{
    /// <summary>No variant is baked in (no lock, stale kernels, or none measured faster).</summary>
    NoVariants,

    /// <summary><c>KERNELGEN_DISABLE</c> or <see cref="KernelGenEnvironment.Disabled"/>.</summary>
    Disabled,

    /// <summary>The variants' backend is not in <see cref="KernelGenEnvironment.Backends"/>.</summary>
    BackendDisabled,

    /// <summary>Autograd would record the call and kernels have no backward.</summary>
    Autograd,

    /// <summary>A parameter or buffer the kernels read is not registered on the module.</summary>
    StateMissing,

    /// <summary>An argument is on a device no variant runs on.</summary>
    Device,

    /// <summary>An argument's dtype differs from the verified one.</summary>
    Dtype,

    /// <summary>An argument is not contiguous (see docs/runtime.md for why no copy is made).</summary>
    Layout,

    /// <summary>A shape is outside the verified shape domain.</summary>
    Shape,

    /// <summary>Every variant that would accept the call is disabled by its circuit breaker.</summary>
    BreakerOpen,

    /// <summary>The kernel failed during this call; its breaker tripped.</summary>
    KernelFailed,

    /// <summary>The shadow check found the kernel's result off the reference's; its breaker tripped.</summary>
    ShadowMismatch,
}

static class FallbackReasons
{
    /// <summary>The reason as a stable, lower-case telemetry tag (constant strings: tagging allocates nothing).</summary>
    public static string Tag(this FallbackReason reason) => reason switch
    {
        FallbackReason.NoVariants => "no-variants",
        FallbackReason.Disabled => "disabled",
        FallbackReason.BackendDisabled => "backend-disabled",
        FallbackReason.Autograd => "autograd",
        FallbackReason.StateMissing => "state-missing",
        FallbackReason.Device => "device",
        FallbackReason.Dtype => "dtype",
        FallbackReason.Layout => "layout",
        FallbackReason.Shape => "shape",
        FallbackReason.BreakerOpen => "breaker-open",
        FallbackReason.KernelFailed => "kernel-failed",
        FallbackReason.ShadowMismatch => "shadow-mismatch",
        _ => "unknown",
    };
}
