using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KernelGen.Cpu;
using KernelGen.Metal;
using KernelGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Tests;

/// <summary>
/// The Metal backend without a Mac: argument binding, marshalling shapes, threadgroup sizing, dispatch guards and
/// the breaker with a fake device behind <see cref="IMetalDevice"/>, and the real no-Metal path. Where Metal is
/// present (macOS), one test compiles and runs the kernel on MPS tensors.
/// </summary>
[Collection(RuntimeCollection.Name)]
public class MetalBackendTests
{
    const string ScaleSource = """
        #include <metal_stdlib>
        using namespace metal;

        // kernelgen:launch threads=N*8 threadgroup=64
        kernel void scale_rows(device const float* x [[buffer(0)]], device const float* weight [[buffer(1)]],
                               device float* out [[buffer(2)]], constant long& n [[buffer(3)]],
                               uint i [[thread_position_in_grid]])
        {
            if ((long)i < n * 8) out[i] = x[i] * weight[i % 8];
        }
        """;

    static readonly TensorShape[] NoShapes = [];

    static MetalKernelVariant ScaleVariant(MetalPlatform platform, string id = "scale-metal", string source = ScaleSource, byte[]? library = null)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(source);
        MetalKernelSource? precompiled = library is null ? null : () => library;
        return new MetalKernelVariant(id, [ScalarType.Float32, ScalarType.Float32], ScalarType.Float32, ScaleModule.Domain, "scale_rows", () => bytes, precompiled, platform)
        {
            ModuleName = "Tests.ScaleModule." + id,
        };
    }

    static (MetalPlatform Platform, FakeMpsTensors Tensors) Fake(FakeMetalDevice device)
    {
        var tensors = new FakeMpsTensors(device);
        return (new MetalPlatform((out string? failure) => { failure = null; return device; }, tensors), tensors);
    }

    /// <summary>The scale kernel in C#, reading the bound memory as the MSL kernel would.</summary>
    static unsafe void ExecuteScale(MetalBinding[] bindings, long threads, long threadgroup)
    {
        float* At(int index) => (float*)(bindings[index].Buffer + (nint)bindings[index].Offset);
        var n = bindings[3].Value;
        for (long i = 0; i < threads; i++)
            if (i < n * 8) At(2)[i] = At(0)[i] * At(1)[i % 8];
    }

    static Tensor? RunScale(MetalKernelVariant variant, Tensor x, Tensor weight) =>
        variant.Run([x, weight], [new TensorShape([x.size(0), ScaleModule.Width]), new TensorShape([ScaleModule.Width])], [x.size(0)]);

    [Fact]
    public void Bindings_are_the_argument_buffers_with_their_offsets_then_the_output_then_the_symbols_as_bytes_each_at_its_position()
    {
        ReadOnlySpan<MetalBufferSlice> arguments = [new(0x1000, 0), new(0x2000, 64), new(0x3000, 12)];
        var bindings = new MetalBinding[6];

        MetalArguments.Pack(arguments, new MetalBufferSlice(0x9000, 4), [4096, 7], bindings);

        Assert.Equal(
            [new(0, 0x1000, 0, 0), new(1, 0x2000, 64, 0), new(2, 0x3000, 12, 0), new(3, 0x9000, 4, 0), new(4, 0, 0, 4096), new(5, 0, 0, 7)],
            bindings);
        Assert.Equal([true, true, true, true, false, false], bindings.Select(b => b.IsBuffer));
    }

    [Fact]
    public void A_tensor_binds_as_its_storage_base_and_the_byte_offset_of_its_first_element()
    {
        using var storage = arange(0, 40, dtype: ScalarType.Float32).reshape(5, 8);
        using var rows = storage.narrow(0, 2, 3);
        Assert.True(rows.is_contiguous());

        var whole = MpsTensors.Slice(storage);
        var view = MpsTensors.Slice(rows);

        Assert.Equal(0, whole.Offset);
        Assert.Equal(whole.Buffer, view.Buffer);
        Assert.Equal(2 * 8 * sizeof(float), view.Offset);
        Assert.Equal(TensorMemory.DataPointer(rows), view.Buffer + (nint)view.Offset);
    }

    [Fact]
    public void MTLSize_is_three_pointer_sized_unsigned_fields_in_24_bytes()
    {
        Assert.Equal(24, Unsafe.SizeOf<MTLSize>());
        Assert.Equal(24, Marshal.SizeOf<MTLSize>());
        Assert.Equal([0, 8, 16], new[] { "Width", "Height", "Depth" }.Select(f => (int)Marshal.OffsetOf<MTLSize>(f)));
        Assert.All(typeof(MTLSize).GetFields(BindingFlags.Instance | BindingFlags.Public), f => Assert.Equal(typeof(nuint), f.FieldType));
        var size = MTLSize.Linear(4096);
        Assert.Equal(((nuint)4096, (nuint)1, (nuint)1), (size.Width, size.Height, size.Depth));
    }

    static IEnumerable<MethodInfo> MessageSends() =>
        typeof(ObjectiveC).GetMethods(BindingFlags.Static | BindingFlags.Public)
            .Where(m => m.GetCustomAttribute<LibraryImportAttribute>()?.EntryPoint == "objc_msgSend");

    [Fact]
    public void Every_objc_msgSend_import_is_fixed_arity_with_receiver_and_selector_first_and_only_register_sized_or_MTLSize_values()
    {
        var sends = MessageSends().ToList();
        Assert.True(sends.Count >= 15, $"found {sends.Count} objc_msgSend imports");
        var allowed = new[] { typeof(IntPtr), typeof(nuint), typeof(byte), typeof(MTLSize), typeof(byte*), typeof(void*), typeof(IntPtr*) };
        foreach (var send in sends)
        {
            var parameters = send.GetParameters();
            Assert.Equal(ObjectiveC.Library, send.GetCustomAttribute<LibraryImportAttribute>()!.LibraryName);
            Assert.True(parameters.Length >= 2 && parameters[0].ParameterType == typeof(IntPtr) && parameters[1].ParameterType == typeof(IntPtr), send.ToString());
            Assert.DoesNotContain(parameters, p => p.IsDefined(typeof(ParamArrayAttribute)));
            // BOOL is one byte on arm64: a C# bool would marshal as four.
            Assert.DoesNotContain(parameters, p => p.ParameterType == typeof(bool));
            Assert.NotEqual(typeof(bool), send.ReturnType);
            Assert.All(parameters, p => Assert.Contains(p.ParameterType, allowed));
        }
    }

    [Theory]
    [InlineData("setBuffer:offset:atIndex:", "Send", typeof(void), new[] { typeof(IntPtr), typeof(IntPtr), typeof(IntPtr), typeof(nuint), typeof(nuint) })]
    [InlineData("setBytes:length:atIndex:", "Send", typeof(void), new[] { typeof(IntPtr), typeof(IntPtr), typeof(void*), typeof(nuint), typeof(nuint) })]
    [InlineData("dispatchThreads:threadsPerThreadgroup:", "Send", typeof(void), new[] { typeof(IntPtr), typeof(IntPtr), typeof(MTLSize), typeof(MTLSize) })]
    [InlineData("newLibraryWithSource:options:error:", "SendObject", typeof(IntPtr), new[] { typeof(IntPtr), typeof(IntPtr), typeof(IntPtr), typeof(IntPtr), typeof(IntPtr*) })]
    [InlineData("newComputePipelineStateWithFunction:error:", "SendObject", typeof(IntPtr), new[] { typeof(IntPtr), typeof(IntPtr), typeof(IntPtr), typeof(IntPtr*) })]
    [InlineData("newLibraryWithData:error:", "SendObject", typeof(IntPtr), new[] { typeof(IntPtr), typeof(IntPtr), typeof(IntPtr), typeof(IntPtr*) })]
    [InlineData("setFastMathEnabled:", "Send", typeof(void), new[] { typeof(IntPtr), typeof(IntPtr), typeof(byte) })]
    [InlineData("respondsToSelector:", "SendBoolean", typeof(byte), new[] { typeof(IntPtr), typeof(IntPtr), typeof(IntPtr) })]
    [InlineData("maxTotalThreadsPerThreadgroup", "SendUnsigned", typeof(nuint), new[] { typeof(IntPtr), typeof(IntPtr) })]
    public void Each_selector_has_an_import_with_its_exact_C_signature(string selector, string method, Type returns, Type[] parameters)
    {
        // One argument after receiver and selector per ':' in the selector.
        Assert.Equal(selector.Count(c => c == ':'), parameters.Length - 2);
        var import = typeof(ObjectiveC).GetMethod(method, BindingFlags.Static | BindingFlags.Public, parameters);

        Assert.NotNull(import);
        Assert.Equal(returns, import.ReturnType);
        Assert.Equal("objc_msgSend", import.GetCustomAttribute<LibraryImportAttribute>()!.EntryPoint);
    }

    [Theory]
    [InlineData(0, 1024, 32, 1024)]
    [InlineData(0, 832, 32, 832)]
    [InlineData(0, 100, 32, 96)]
    [InlineData(0, 20, 32, 20)]
    [InlineData(256, 1024, 32, 256)]
    [InlineData(256, 256, 32, 256)]
    [InlineData(512, 448, 32, -1)]
    public void Threadgroup_width_is_the_launch_lines_when_the_pipeline_allows_it_else_whole_SIMD_groups_up_to_the_limit(int requested, int max, int simd, int expected)
    {
        var width = MetalThreadgroups.Width(requested, new MetalPipeline(1, max, simd), out var error);

        Assert.Equal(expected, width);
        Assert.Equal(expected < 0, error is not null);
        if (error is not null) Assert.Contains($"at most {max} threads per threadgroup", error);
    }

    [Theory]
    [InlineData("threads=N", new long[] { 5 }, 5L)]
    [InlineData("threads=N*4096/1024", new long[] { 3 }, 12L)]
    [InlineData("threads=N*D/1000", new long[] { 3, 1001 }, 4L)]
    [InlineData("threads=N*D", new long[] { 1L << 20, 1L << 20 }, -1L)]
    [InlineData("threads=N*D", new long[] { 1L << 16, 1L << 16 }, -1L)]
    [InlineData("threads=N*D", new long[] { 1L << 16, (1L << 16) - 1 }, (1L << 32) - (1L << 16))]
    public void Threads_are_the_ceiling_of_the_product_over_the_divisor_within_32_bits(string launch, long[] symbols, long expected)
    {
        var names = new[] { "N", "D" }[..symbols.Length];
        var source = $"// kernelgen:launch {launch}\nkernel void k(device float* out [[buffer(0)]]{string.Concat(names.Select((n, i) => $", constant long& {n} [[buffer({i + 1})]]"))}) {{}}";

        var spec = MetalKernelAbi.Parse(source, "k", [], "float32", names, out var error, out _);

        Assert.Null(error);
        Assert.Equal(expected, spec!.Threads(symbols));
        Assert.Equal(0, spec.Threadgroup);
    }

    [Theory]
    [InlineData("const device float *x [[ buffer(0) ]], device float * out [[buffer(1)]], constant const long &n [[buffer(2)]], uint3 g [[threadgroup_position_in_grid]], ushort l [[thread_index_in_simdgroup]]", null)]
    [InlineData("device const float* x [[buffer(0)]], device float* out [[buffer(1)]], constant long& n [[buffer(2)]], threadgroup float* tile [[threadgroup(0)]]", "threadgroup memory set by the host")]
    [InlineData("device const float* x [[buffer(0)]], device float* out [[buffer(1)]], constant long& n [[buffer(2)]], uint i [[vertex_id]]", "'[[vertex_id]]'")]
    [InlineData("device const float* x [[buffer(0)]], device float* out [[buffer(1)]], constant long& n [[buffer(2)]], constant long& m [[buffer(3)]]", "binds more than 3 buffers")]
    [InlineData("device const float* x [[buffer(0)]], device float* out [[buffer(1)]], device long* n [[buffer(2)]]", "buffer 2 of 'k' is 'device long*'")]
    public void Declaration_parse_accepts_equivalent_spellings_and_names_what_is_off(string parameters, string? expected)
    {
        var source = $"// kernelgen:launch threads=N\nkernel void k({parameters}) {{ }}";

        MetalKernelAbi.Parse(source, "k", ["float32"], "float32", ["N"], out var error, out _);

        if (expected is null) Assert.Null(error);
        else Assert.Contains(expected, error);
    }

    [Fact]
    public void Float64_contracts_are_refused_because_Metal_has_no_double()
    {
        var source = "// kernelgen:launch threads=N\nkernel void k(device const double* x [[buffer(0)]], device double* out [[buffer(1)]], constant long& n [[buffer(2)]]) { }";

        MetalKernelAbi.Parse(source, "k", ["float64"], "float64", ["N"], out var error, out _);

        Assert.Contains("Metal has no 64-bit float", error);
    }

    [Fact]
    public void MPS_arguments_are_taken_by_the_Metal_variant_and_CPU_arguments_are_declined_for_their_device()
    {
        var (platform, _) = Fake(new FakeMetalDevice());
        var variant = ScaleVariant(platform);
        TensorShape[] shapes = [new([4, ScaleModule.Width]), new([ScaleModule.Width])];
        Span<long> symbols = stackalloc long[1];

        ArgumentTraits[] onMps = [new(ScalarType.Float32, DeviceType.MPS, 0, true, true, Aligned16: true), new(ScalarType.Float32, DeviceType.MPS, 0, true, true, Aligned16: true)];
        ArgumentTraits[] onCpu = [new(ScalarType.Float32, DeviceType.CPU, -1, true, true, Aligned16: true), new(ScalarType.Float32, DeviceType.CPU, -1, true, true, Aligned16: true)];
        ArgumentTraits[] mixed = [onMps[0], onCpu[1]];
        ArgumentTraits[] wrongDtype = [new(ScalarType.Float16, DeviceType.MPS, 0, true, true, Aligned16: true), onMps[1]];
        ArgumentTraits[] strided = [new(ScalarType.Float32, DeviceType.MPS, 0, false, true, Aligned16: true), onMps[1]];

        Assert.Null(variant.Decline(onMps, shapes, symbols));
        Assert.Equal(4, symbols[0]);
        Assert.Equal(FallbackReason.Device, variant.Decline(onCpu, shapes, symbols));
        Assert.Equal(FallbackReason.Device, variant.Decline(mixed, shapes, symbols));
        Assert.Equal(FallbackReason.Dtype, variant.Decline(wrongDtype, shapes, symbols));
        Assert.Equal(FallbackReason.Layout, variant.Decline(strided, shapes, symbols));
        Assert.Equal("metal", variant.Backend);
    }

    [Fact]
    public void CPU_tensors_go_to_the_CPU_variant_and_never_touch_the_Metal_one()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var device = new FakeMetalDevice();
        var metal = ScaleVariant(Fake(device).Platform);
        var cpu = new CpuKernelVariant("scale-cpu", [ScalarType.Float32, ScalarType.Float32], ScalarType.Float32, ScaleModule.Domain,
            static call => ScaleModule.ScaleKernel(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>()));
        var module = new ScaleModule(new KernelTable<ScaleModule>("Tests.ScaleModule.metal-mixed", KernelBakeStatus.Baked, ["weight"], metal, cpu));
        var x = randn(5, ScaleModule.Width);

        var y = module.forward(x);

        Assert.Equal("scale-cpu", module.Info.LastVariant);
        Assert.True(y.allclose(x * module.weight.detach(), rtol: 0, atol: 0));
        Assert.Equal(0, device.PipelinesCreated);
        Assert.Empty(device.Events);
        Assert.Null(metal.DisabledReason);
        Assert.Equal(["metal", "cpu"], module.Info.Variants.Select(v => v.Backend));
    }

    [Fact]
    public void A_dispatch_waits_for_torch_then_binds_inputs_state_output_and_symbols_and_returns_the_output()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var device = new FakeMetalDevice { Execute = ExecuteScale };
        var (platform, tensors) = Fake(device);
        var variant = ScaleVariant(platform);
        // Rows 3..9 of a larger tensor: contiguous, with a non-zero storage offset the binding must carry.
        using var storage = randn(12, ScaleModule.Width);
        using var x = storage.narrow(0, 3, 7);
        using var weight = arange(1, ScaleModule.Width + 1, dtype: ScalarType.Float32);

        using var y = RunScale(variant, x, weight);

        Assert.NotNull(y);
        Assert.Same(tensors.Outputs.Single(), y);
        Assert.True(y.allclose(x * weight, rtol: 0, atol: 0));
        Assert.Equal(["wait-for-torch", "dispatch"], device.Events);
        var (bindings, threads, threadgroup) = Assert.Single(device.Dispatches);
        Assert.Equal([0, 1, 2, 3], bindings.Select(b => b.Index));
        Assert.Equal(3 * ScaleModule.Width * sizeof(float), bindings[0].Offset);
        Assert.Equal(7, bindings[3].Value);
        Assert.Equal((nuint)(7 * ScaleModule.Width), threads.Width);
        Assert.Equal((nuint)64, threadgroup.Width);
        Assert.Null(variant.DisabledReason);
        Assert.Empty(settings.Log.Lines);
    }

    [Fact]
    public void The_pipeline_is_made_once_for_concurrent_first_calls_and_shared_by_variants_of_the_same_source()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var device = new FakeMetalDevice { Execute = ExecuteScale };
        var platform = Fake(device).Platform;
        var first = ScaleVariant(platform, "scale-a");
        var second = ScaleVariant(platform, "scale-b");
        using var weight = ones(ScaleModule.Width);
        var inputs = Enumerable.Range(0, 8).Select(_ => randn(4, ScaleModule.Width)).ToArray();

        var results = new Tensor?[inputs.Length];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            results[i] = RunScale(i % 2 == 0 ? first : second, inputs[i], weight));

        Assert.Equal(1, device.PipelinesCreated);
        Assert.Equal(inputs.Length, device.Dispatches.Count);
        for (var i = 0; i < inputs.Length; i++) Assert.True(results[i]!.allclose(inputs[i], rtol: 0, atol: 0));
    }

    [NoMetalFact]
    public void Without_Metal_the_variant_trips_once_with_the_platform_reason_and_declines_afterwards()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var variant = ScaleVariant(MetalPlatform.System, "no-metal");
        using var x = randn(4, ScaleModule.Width);
        using var weight = ones(ScaleModule.Width);

        // Run directly: MPS tensors cannot exist here, so dispatch itself would decline on the device first.
        for (var i = 0; i < 3; i++) Assert.Null(RunScale(variant, x, weight));

        Assert.StartsWith(KernelVariant.FailedToLoad, variant.DisabledReason);
        Assert.Contains("Metal needs macOS", variant.DisabledReason);
        var line = Assert.Single(settings.Log.Lines);
        Assert.Contains("no-metal", line.Message);
        Assert.Contains("the reference runs instead", line.Message);
        ArgumentTraits[] onMps = [new(ScalarType.Float32, DeviceType.MPS, 0, true, true, Aligned16: true), new(ScalarType.Float32, DeviceType.MPS, 0, true, true, Aligned16: true)];
        Assert.Equal(FallbackReason.BreakerOpen, variant.Decline(onMps, [new([4, ScaleModule.Width]), new([ScaleModule.Width])], stackalloc long[1]));
    }

    [Fact]
    public void A_compile_error_trips_the_breaker_with_the_compilers_message_and_is_not_retried()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var device = new FakeMetalDevice { CompileError = "program_source:7:29: error: use of undeclared identifier 'weigth'" };
        var variant = ScaleVariant(Fake(device).Platform);
        using var x = randn(2, ScaleModule.Width);
        using var weight = ones(ScaleModule.Width);

        Assert.Null(RunScale(variant, x, weight));
        Assert.Null(RunScale(variant, x, weight));

        Assert.Equal(1, device.PipelinesCreated);
        Assert.Empty(device.Dispatches);
        Assert.Equal($"{KernelVariant.FailedToLoad}: program_source:7:29: error: use of undeclared identifier 'weigth'", variant.DisabledReason);
        Assert.Single(settings.Log.Lines);
    }

    [Fact]
    public void A_command_buffer_error_trips_the_breaker_and_releases_the_output()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var device = new FakeMetalDevice { DispatchError = "the kernel's command buffer failed: Caused GPU Address Fault Error (0000000b:kIOGPUCommandBufferCallbackErrorPageFault)" };
        var (platform, tensors) = Fake(device);
        var variant = ScaleVariant(platform);
        using var x = randn(2, ScaleModule.Width);
        using var weight = ones(ScaleModule.Width);

        Assert.Null(RunScale(variant, x, weight));

        Assert.StartsWith($"{KernelVariant.Threw}: the kernel's command buffer failed: Caused GPU Address Fault", variant.DisabledReason);
        Assert.True(tensors.Outputs.Single().IsInvalid);
        Assert.Single(settings.Log.Lines);
    }

    [Fact]
    public void A_launch_threadgroup_the_pipeline_cannot_run_trips_the_breaker_before_any_dispatch()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var device = new FakeMetalDevice { MaxTotalThreadsPerThreadgroup = 32 };
        var variant = ScaleVariant(Fake(device).Platform);
        using var x = randn(2, ScaleModule.Width);
        using var weight = ones(ScaleModule.Width);

        Assert.Null(RunScale(variant, x, weight));

        Assert.Contains("threadgroup=64 but the compiled pipeline allows at most 32", variant.DisabledReason);
        Assert.Empty(device.Events);
    }

    [Fact]
    public void A_baked_source_that_breaks_the_ABI_trips_the_breaker_without_compiling()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var device = new FakeMetalDevice();
        var variant = ScaleVariant(Fake(device).Platform, source: ScaleSource.Replace("constant long& n", "constant int& n", StringComparison.Ordinal));
        using var x = randn(2, ScaleModule.Width);
        using var weight = ones(ScaleModule.Width);

        Assert.Null(RunScale(variant, x, weight));

        Assert.Contains("breaks the Metal kernel ABI: buffer 3 of 'scale_rows' is 'constant int&'", variant.DisabledReason);
        Assert.Equal(0, device.PipelinesCreated);
    }

    [Fact]
    public void A_precompiled_metallib_is_used_instead_of_compiling_the_source()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var device = new FakeMetalDevice();
        // Different source text from the other tests: the pipeline cache is keyed by the source.
        var variant = ScaleVariant(Fake(device).Platform, source: ScaleSource + "// with a metallib\n", library: [0x4D, 0x54, 0x4C, 0x42]);
        using var x = randn(2, ScaleModule.Width);
        using var weight = ones(ScaleModule.Width);

        using var y = RunScale(variant, x, weight);

        Assert.NotNull(y);
        Assert.Equal(1, device.LibrariesLoaded);
        Assert.Equal([0x4D, 0x54, 0x4C, 0x42], device.LastLibrary);
        Assert.Equal(0, device.PipelinesCreated);
        Assert.Null(variant.DisabledReason);
    }

    [Fact]
    public void A_metallib_Metal_rejects_falls_back_to_the_source_and_when_both_fail_the_reason_names_both()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var rejecting = new FakeMetalDevice { LibraryError = "Invalid library file" };
        var fallsBack = ScaleVariant(Fake(rejecting).Platform, source: ScaleSource + "// falls back\n", library: [1, 2, 3]);
        var broken = new FakeMetalDevice { LibraryError = "Invalid library file", CompileError = "program_source:1:1: error: expected unqualified-id" };
        var fails = ScaleVariant(Fake(broken).Platform, source: ScaleSource + "// fails\n", library: [1, 2, 3]);
        using var x = randn(2, ScaleModule.Width);
        using var weight = ones(ScaleModule.Width);

        using var y = RunScale(fallsBack, x, weight);
        Assert.Null(RunScale(fails, x, weight));

        Assert.NotNull(y);
        Assert.Equal((1, 1), (rejecting.LibrariesLoaded, rejecting.PipelinesCreated));
        Assert.Null(fallsBack.DisabledReason);
        Assert.Equal($"{KernelVariant.FailedToLoad}: program_source:1:1: error: expected unqualified-id (the precompiled metallib did not load either: Invalid library file)", fails.DisabledReason);
    }

    [ClangFact]
    public void The_kernels_of_these_tests_pass_the_approximate_MSL_syntax_check_and_a_typo_does_not()
    {
        Assert.Null(MslSyntaxCheck.Errors(ScaleSource));

        var typo = MslSyntaxCheck.Errors(ScaleSource.Replace("weight[i % 8]", "wieght[i % 8]", StringComparison.Ordinal));
        var missingSemicolon = MslSyntaxCheck.Errors(ScaleSource.Replace("weight[i % 8];", "weight[i % 8]", StringComparison.Ordinal));

        Assert.Contains("use of undeclared identifier 'wieght'", typo);
        Assert.Contains("error:", missingSemicolon);
    }

    [MetalFact]
    public void On_a_Mac_the_kernel_compiles_once_and_matches_the_reference_on_MPS_tensors()
    {
        using var _ = no_grad();
        using var settings = new RuntimeSettings();
        var variant = ScaleVariant(MetalPlatform.System, "scale-mps");
        var module = new ScaleModule(new KernelTable<ScaleModule>("Tests.ScaleModule.mps", KernelBakeStatus.Baked, ["weight"], variant)).to(new Device(DeviceType.MPS));
        // A view with a storage offset, written by PyTorch just before the kernel reads it.
        var x = (randn(40, ScaleModule.Width, device: new Device(DeviceType.MPS)) * 2).narrow(0, 3, 37);

        for (var i = 0; i < 2; i++)
        {
            var y = module.forward(x);
            Assert.Equal("scale-mps", module.Info.LastVariant);
            Assert.True(y.cpu().allclose((x * module.weight.detach()).cpu(), rtol: 0, atol: 0));
        }
        Assert.Equal(0, module.ReferenceCalls);
        Assert.Empty(settings.Log.Lines);
    }
}
