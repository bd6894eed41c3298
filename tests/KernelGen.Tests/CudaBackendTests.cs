using KernelGen.Cpu;
using KernelGen.Cuda;
using KernelGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Tests;

/// <summary>
/// The CUDA backend without a GPU (argument packing, launch configuration, NVRTC selection, the missing-driver
/// fallback, dispatch by device) and, where a GPU is present, a real compile and launch.
/// </summary>
[Collection(RuntimeCollection.Name)]
public class CudaBackendTests
{
    const string ScaleSource = """
        // kernelgen:launch grid=N*8/128 block=128
        extern "C" __global__ void scale_rows(const float* __restrict__ x, const float* __restrict__ weight, float* __restrict__ out, long long n)
        {
            long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n * 8) out[i] = x[i] * weight[i % 8];
        }
        """;

    static CudaKernelVariant ScaleVariant(string id = "scale-cuda", string source = ScaleSource)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(source);
        return new CudaKernelVariant(id, [ScalarType.Float32, ScalarType.Float32], ScalarType.Float32, ScaleModule.Domain, "scale_rows", () => bytes);
    }

    static KernelTable<ScaleModule> Table(string name, params KernelVariant[] variants) => new("Tests.ScaleModule." + name, KernelBakeStatus.Baked, ["weight"], variants);

    [Fact]
    public unsafe void Launch_parameters_are_the_argument_pointers_then_the_output_then_the_symbols_each_behind_its_own_pointer()
    {
        ReadOnlySpan<IntPtr> arguments = [0x1000, 0x2000, 0x3000];
        ReadOnlySpan<long> symbols = [4096, 7];
        var values = stackalloc long[6];
        var parameters = stackalloc void*[6];

        CudaLaunchParameters.Pack(arguments, 0x9000, symbols, values, parameters);

        long[] expected = [0x1000, 0x2000, 0x3000, 0x9000, 4096, 7];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], values[i]);
            Assert.Equal((IntPtr)(&values[i]), (IntPtr)parameters[i]);
            Assert.Equal(expected[i], *(long*)parameters[i]);
        }
    }

    [Theory]
    [InlineData("grid=N block=256", new long[] { 5 }, 5L)]
    [InlineData("grid=N*4096/1024 block=256", new long[] { 3 }, 12L)]
    [InlineData("grid=N*D/1000 block=256", new long[] { 3, 1001 }, 4L)]
    [InlineData("grid=132*4 block=256", new long[] { 9 }, 528L)]
    [InlineData("grid=N*D block=256", new long[] { 1L << 20, 1L << 20 }, -1L)]
    public void Grid_is_the_ceiling_of_the_product_over_the_divisor_and_overflow_is_refused(string launch, long[] symbols, long expected)
    {
        var names = new[] { "N", "D" }[..Math.Max(1, symbols.Length)];
        var source = $"// kernelgen:launch {launch}\nextern \"C\" __global__ void k(float* out{string.Concat(names.Select(n => ", long long " + n))}) {{}}";

        var spec = CudaKernelAbi.Parse(source, "k", [], "float32", names, out var error, out _);

        Assert.Null(error);
        Assert.Equal(expected, spec!.Grid(symbols));
        Assert.Equal(256, spec.Block);
    }

    [Fact]
    public void Nvrtc_13_is_tried_only_with_a_CUDA_13_driver_and_the_override_wins()
    {
        Assert.Equal("libnvrtc.so.13", Nvrtc.Candidates(13000, null)[0]);
        Assert.Contains("libnvrtc.so.12", Nvrtc.Candidates(13000, null));
        Assert.DoesNotContain(Nvrtc.Candidates(12080, null), c => c.Contains(".so.13", StringComparison.Ordinal));
        Assert.Equal(["/opt/nvrtc/libnvrtc.so"], Nvrtc.Candidates(13000, "/opt/nvrtc/libnvrtc.so"));
    }

    [Fact]
    public void Compile_options_target_the_device_architecture_and_never_fast_math()
    {
        var options = Nvrtc.CompileOptions(90);

        Assert.Contains("--gpu-architecture=sm_90", options);
        Assert.DoesNotContain(options, o => o.Contains("fast-math", StringComparison.Ordinal) || o.Contains("ftz", StringComparison.Ordinal));
    }

    [NoCudaDriverFact]
    public void Without_a_driver_the_variant_trips_once_with_the_loader_reason_and_reports_no_kernel()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var variant = ScaleVariant("no-driver");
        variant.ModuleName = "Tests.ScaleModule.no-driver";
        using var x = randn(4, ScaleModule.Width);
        using var w = ones(ScaleModule.Width);

        // Run directly: CUDA tensors cannot exist here, so dispatch itself would decline on the device first.
        for (var i = 0; i < 3; i++)
            Assert.Null(variant.Run([x, w], [new TensorShape([4, ScaleModule.Width]), new TensorShape([ScaleModule.Width])], [4]));

        Assert.StartsWith(KernelVariant.FailedToLoad, variant.DisabledReason);
        Assert.Contains("libcuda.so.1", variant.DisabledReason);
        var line = Assert.Single(settings.Log.Lines);
        Assert.Contains("no-driver", line.Message);
        Assert.Contains("the reference runs instead", line.Message);
    }

    [Fact]
    public void CPU_tensors_go_to_the_CPU_variant_and_never_touch_the_CUDA_one()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var cudaVariant = ScaleVariant();
        var cpuVariant = new CpuKernelVariant("scale-cpu", [ScalarType.Float32, ScalarType.Float32], ScalarType.Float32, ScaleModule.Domain,
            static call => ScaleModule.ScaleKernel(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>()));
        var module = new ScaleModule(Table("mixed", cudaVariant, cpuVariant));
        var x = randn(5, ScaleModule.Width);

        var y = module.forward(x);

        Assert.Equal("scale-cpu", module.Info.LastVariant);
        Assert.Equal(0, module.ReferenceCalls);
        Assert.True(y.allclose(x * module.weight.detach(), rtol: 0, atol: 0));
        Assert.Null(cudaVariant.DisabledReason);
        Assert.Empty(settings.Log.Lines);
        Assert.Equal(["cuda", "cpu"], module.Info.Variants.Select(v => v.Backend));
    }

    [Fact]
    public void A_CUDA_only_module_runs_its_reference_for_CPU_tensors()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var module = new ScaleModule(Table("cuda-only", ScaleVariant()));
        var x = randn(3, ScaleModule.Width);

        var y = module.forward(x);

        Assert.Null(module.Info.LastVariant);
        Assert.Equal(1, module.ReferenceCalls);
        Assert.True(y.allclose(x * module.weight.detach(), rtol: 0, atol: 0));
        Assert.Null(module.Info.Variants[0].DisabledReason);
    }

    [CudaFact]
    public void On_a_GPU_the_kernel_compiles_once_and_matches_the_reference()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var module = new ScaleModule(Table("gpu", ScaleVariant("scale-gpu"))).cuda();
        var x = randn(37, ScaleModule.Width, device: CUDA);

        for (var i = 0; i < 2; i++)
        {
            var y = module.forward(x);
            Assert.Equal("scale-gpu", module.Info.LastVariant);
            Assert.True(y.cpu().allclose((x * module.weight.detach()).cpu(), rtol: 0, atol: 0));
        }
        Assert.Equal(0, module.ReferenceCalls);
        Assert.Empty(settings.Log.Lines);
    }
}
