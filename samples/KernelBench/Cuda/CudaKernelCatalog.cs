namespace KernelBench.Cuda;

/// <summary>
/// A hand-written CUDA kernel for one KernelBench problem: its file under the module's <c>kernels/&lt;Module&gt;/cuda/</c>,
/// its entry point and the shape domain it is verified for, written compactly (symbols <c>"R=1..4096 C=1..393216"</c>,
/// each argument's dims <c>"R,C"</c>: the reference's inputs, then the module's parameters in registration order; the
/// output's dims). <see cref="VerificationSizes"/> caps symbols for the
/// full-shape verification trials where the v0.1 size does not fit the float64 oracle's comparison in GPU memory
/// (docs/kernelbench.md, "CUDA"); the benchmark always runs at the v0.1 size.
/// </summary>
public sealed record CudaKernelEntry(string Key, string VariantId, string File, string EntryPoint, string Symbols, string[] Arguments, string Output, string? VerificationSizes = null);

/// <summary>The KernelBench problems with a hand-written CUDA kernel (provenance <c>hand-written</c>), read by the GPU runner (samples/CudaBench).</summary>
public static class CudaKernelCatalog
{
    const string Rows4096 = "R=1..4096 C=1..393216";

    /// <summary>Every entry, by problem key.</summary>
    public static IReadOnlyList<CudaKernelEntry> All { get; } =
    [
        new("L1-23", "softmax-cuda-online", "cuda/softmax-cuda-online.cu", "softmax_online", Rows4096, ["R,C"], "R,C", "R=64"),
        new("L1-24", "logsoftmax-cuda-online", "cuda/logsoftmax-cuda-online.cu", "log_softmax_online", Rows4096, ["R,C"], "R,C", "R=64"),
        new("L1-25", "swish-cuda-vec4", "cuda/swish-cuda-vec4.cu", "swish_vec4", Rows4096, ["R,C"], "R,C", "R=64"),
        new("L1-30", "softsign-cuda-vec4", "cuda/softsign-cuda-vec4.cu", "softsign_vec4", Rows4096, ["R,C"], "R,C", "R=64"),
        new("L1-36", "rmsnorm-cuda-features", "cuda/rmsnorm-cuda-features.cu", "rmsnorm_features", "B=1..112 H=1..512 W=1..512", ["B,64,H,W"], "B,64,H,W", "B=4"),
        new("L1-38", "l1norm-cuda-rows", "cuda/l1norm-cuda-rows.cu", "l1norm_rows", "R=1..32768 C=1..65535", ["R,C"], "R,C", "R=256"),
        new("L1-39", "l2norm-cuda-rows", "cuda/l2norm-cuda-rows.cu", "l2norm_rows", "R=1..32768 C=1..65535", ["R,C"], "R,C", "R=256"),
        // x, then the module's state (weight, bias), whose shape is the v0.1 normalized shape: the reduced size runs the reference.
        new("L1-40", "layernorm-cuda-slices", "cuda/layernorm-cuda-slices.cu", "layernorm_slices", "B=1..16", ["B,64,256,256", "64,256,256", "64,256,256"], "B,64,256,256"),
        new("L1-88", "newgelu-cuda-vec4", "cuda/newgelu-cuda-vec4.cu", "newgelu_vec4", "R=1..8192 C=1..8192", ["R,C"], "R,C"),
        new("L1-89", "cumsum-cuda-rows", "cuda/cumsum-cuda-rows.cu", "cumsum_rows", "R=1..32768 C=1..32768", ["R,C"], "R,C", "R=4096"),
        // The folds (docs/kernelbench.md, "The fold on the GPU"): x, then the module's state (W; W and b); N <= 1024 sizes the kernels' scratch.
        new("L2-14", "gemm-sum-folded-cuda", "cuda/gemm-sum-folded-cuda.cu", "gemm_sum_folded", "N=1..1024", ["N,8192", "8192,8192"], "N,1"),
        new("L2-18", "linear-sum-folded-cuda", "cuda/linear-sum-folded-cuda.cu", "linear_sum_folded", "N=1..1024", ["N,8192", "8192,8192", "8192"], "N,1"),
    ];

    /// <summary>The entry for a problem key such as <c>L1-25</c>, or null.</summary>
    public static CudaKernelEntry? For(string key) => All.FirstOrDefault(e => e.Key == key);
}
