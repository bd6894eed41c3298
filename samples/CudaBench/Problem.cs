using System.Reflection;
using KernelGen;
using KernelGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CudaBench;

/// <summary>
/// One benchmark problem: an annotated module, its CUDA kernel file and the domain that kernel is verified for.
/// Inputs and state are float32; the module's parameters, in registration order, are the kernel's state arguments.
/// </summary>
sealed record Problem(
    string Name,
    string Level,
    Type ModuleType,
    string KernelFile,
    string VariantId,
    string EntryPoint,
    DomainSpec Domain,
    Func<nn.Module> Create,
    Func<Device, Tensor[]> SampleInputs,
    Func<nn.Module, Tensor[], Tensor> Forward,
    Func<IKernelModuleInfo> Info)
{
    public string ModuleFullName => ModuleType.FullName!;

    /// <summary>The fingerprint the generator computed for the module (what the lock must record).</summary>
    public string Fingerprint => ModuleType.GetCustomAttribute<KernelModuleAttribute>()?.Fingerprint
        ?? throw new InvalidOperationException($"{ModuleFullName} has no [KernelModule]: is the KernelGen generator referenced?");

    /// <summary>Where the kernel file is in the app folder (copied there by the project) and in the repository.</summary>
    public string KernelPath => Path.Combine(AppContext.BaseDirectory, "kernels", ModuleFullName, KernelFile);

    public int InputCount => Domain.Runtime.Arguments.Count - StateCount;

    public int StateCount { get; init; }

    /// <summary>
    /// Caps on symbols for the full-shape verification trials (e.g. R=64), where the sample size does not fit the
    /// float64 oracle's comparison in GPU memory; empty for most problems. The benchmark always runs the sample size.
    /// </summary>
    public IReadOnlyDictionary<string, long> VerificationCaps { get; init; } = new Dictionary<string, long>();

    /// <summary>The sizes of the full-shape verification trials: the sample sizes with <see cref="VerificationCaps"/> applied.</summary>
    public long[] VerificationSizes(IReadOnlyList<long> sampleSizes) =>
        [.. Domain.Symbols.Select((s, k) => VerificationCaps.TryGetValue(s.Name, out var cap) ? Math.Min(cap, sampleSizes[k]) : sampleSizes[k])];

    public static IReadOnlyList<Problem> All { get; } =
    [
        Make<QuickStart.RmsNorm>("RMSNorm", "L2", "cuda/rmsnorm-cuda-rows.cu", "rmsnorm-cuda-rows", "rmsnorm_rows",
            new DomainSpec("N=1..4096", ["N,4096", "4096"], "N,4096"), QuickStart.RmsNorm.Create, QuickStart.RmsNorm.Inputs, 1),
        Make<QuickStart.SwiGluGate>("SwiGLU gate", "L2", "cuda/swiglu-cuda-vec4.cu", "swiglu-cuda-vec4", "swiglu_vec4",
            new DomainSpec("M=1..2048 D=1..8192", ["M,D", "M,D"], "M,D"), QuickStart.SwiGluGate.Create, QuickStart.SwiGluGate.Inputs, 0),
        Make<QuickStart.RotaryEmbedding>("Rotary embedding", "L2", "cuda/rope-cuda-halves.cu", "rope-cuda-halves", "rope_halves",
            new DomainSpec("T=1..2048", ["T,32,128", "T,128", "T,128"], "T,32,128"), QuickStart.RotaryEmbedding.Create, QuickStart.RotaryEmbedding.Inputs, 0),
        Make<Softmax>("Softmax", "L1", "cuda/softmax-cuda-rows.cu", "softmax-cuda-rows", "softmax_rows",
            new DomainSpec("N=1..16384", ["N,8192"], "N,8192"), Softmax.Create, Softmax.Inputs, 0),
        Make<LayerNorm>("LayerNorm", "L1", "cuda/layernorm-cuda-rows.cu", "layernorm-cuda-rows", "layernorm_rows",
            new DomainSpec("N=1..16384", ["N,8192", "8192", "8192"], "N,8192"), LayerNorm.Create, LayerNorm.Inputs, 2),
        Make<Gelu>("GELU", "L1", "cuda/gelu-cuda-vec4.cu", "gelu-cuda-vec4", "gelu_vec4",
            new DomainSpec("M=1..16384 D=1..8192", ["M,D"], "M,D"), Gelu.Create, Gelu.Inputs, 0),
        Make<RowSum>("Row sum", "L1", "cuda/rowsum-cuda-rows.cu", "rowsum-cuda-rows", "rowsum_rows",
            new DomainSpec("N=1..16384", ["N,8192"], "N"), RowSum.Create, RowSum.Inputs, 0),
        Make<SwishMulAdd>("Swish*y+z", "L2", "cuda/swish-mul-add-cuda-vec4.cu", "swish-mul-add-cuda-vec4", "swish_mul_add_vec4",
            new DomainSpec("M=1..16384 D=1..8192", ["M,D", "M,D", "M,D"], "M,D"), SwishMulAdd.Create, SwishMulAdd.Inputs, 0),
        Make<LayerNormGelu>("LayerNorm+GELU", "L2", "cuda/layernorm-gelu-cuda-rows.cu", "layernorm-gelu-cuda-rows", "layernorm_gelu_rows",
            new DomainSpec("N=1..16384", ["N,8192", "8192", "8192"], "N,8192"), LayerNormGelu.Create, LayerNormGelu.Inputs, 2),
        Make<BiasRelu>("Bias+ReLU", "L2", "cuda/bias-relu-cuda-vec4.cu", "bias-relu-cuda-vec4", "bias_relu_vec4",
            new DomainSpec("N=1..16384", ["N,8192", "8192"], "N,8192"), BiasRelu.Create, BiasRelu.Inputs, 1),
    ];

    /// <summary>
    /// A KernelBench port with a hand-written CUDA kernel (samples/KernelBench/Cuda/CudaKernelCatalog.cs). The entry's
    /// arguments are the reference's inputs, then the module's parameters: those past the inputs are state.
    /// </summary>
    public static Problem FromKernelBench(KernelBench.Problem port, KernelBench.Cuda.CudaKernelEntry entry) =>
        new($"{port.Key} {port.Info.Name}", $"L{port.Info.Level}", port.Type, entry.File, entry.VariantId, entry.EntryPoint,
            new DomainSpec(entry.Symbols, entry.Arguments, entry.Output), port.Create, port.SampleInputs, ForwardOf(), () => InfoOf(port.Type))
        {
            VerificationCaps = ParseCaps(entry.VerificationSizes),
            StateCount = entry.Arguments.Length - ReferenceParameters(port.Type).Length,
        };

    /// <summary>The module's [KernelReference] method's parameters: its inputs, in the order the kernel receives them.</summary>
    public static ParameterInfo[] ReferenceParameters(Type moduleType) =>
        moduleType.GetMethods(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Single(m => m.GetCustomAttributes(typeof(KernelReferenceAttribute), false).Length > 0)
            .GetParameters();

    /// <summary><see cref="KernelModules.Info{TModule}"/> for a module type known at run time.</summary>
    static IKernelModuleInfo InfoOf(Type moduleType) =>
        (IKernelModuleInfo)typeof(KernelModules).GetMethod(nameof(KernelModules.Info))!.MakeGenericMethod(moduleType).Invoke(null, null)!;

    static Dictionary<string, long> ParseCaps(string? caps) =>
        (caps ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => c.Split('='))
            .ToDictionary(c => c[0], c => long.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture));

    static Problem Make<TModule>(string name, string level, string file, string id, string entry, DomainSpec domain,
        Func<TModule> create, Func<Device, Tensor[]> inputs, int stateCount)
        where TModule : nn.Module, IKernelModule =>
        new(name, level, typeof(TModule), file, id, entry, domain, () => create(), inputs, ForwardOf(), KernelModules.Info<TModule>)
        {
            StateCount = stateCount,
        };

    /// <summary>Calls the module's own forward (the generated dispatch) with the problem's inputs.</summary>
    static Func<nn.Module, Tensor[], Tensor> ForwardOf() => static (module, inputs) => module switch
    {
        nn.Module<Tensor, Tensor> one => one.forward(inputs[0]),
        nn.Module<Tensor, Tensor, Tensor> two => two.forward(inputs[0], inputs[1]),
        nn.Module<Tensor, Tensor, Tensor, Tensor> three => three.forward(inputs[0], inputs[1], inputs[2]),
        _ => throw new InvalidOperationException($"{module.GetType().Name} has an unsupported arity"),
    };

    /// <summary>The module's parameters in registration order: the kernel's state arguments.</summary>
    public static Tensor[] State(nn.Module module) => [.. module.parameters()];
}
