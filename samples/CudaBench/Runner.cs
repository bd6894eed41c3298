using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KernelGen.Cuda;
using KernelGen.Engine.Benchmarking;
using KernelGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CudaBench;

/// <summary>
/// Measures the device's copy bandwidth, then verifies and benchmarks each problem's CUDA kernel against TorchSharp
/// eager (the module's reference) in one process, and writes everything to <c>cuda-kernelgen.json</c>.
/// </summary>
sealed class Runner(RunOptions options, string torchLib)
{
    const long Seed = 20261126;

    /// <summary>A float4 copy: the bandwidth ceiling the memory-bound kernels are measured against.</summary>
    const string CopySource = """
        // kernelgen:launch grid=N/1024 block=256
        extern "C" __global__ void copy_vec4(const float* __restrict__ x, float* __restrict__ out, long long n)
        {
            const long long i = ((long long)blockIdx.x * blockDim.x + threadIdx.x) * 4;
            if (i + 3 < n) *reinterpret_cast<float4*>(out + i) = *reinterpret_cast<const float4*>(x + i);
            else for (long long j = i; j < n; j++) out[j] = x[j];
        }
        """;

    static readonly byte[] CopyBytes = Encoding.UTF8.GetBytes(CopySource);

    public int Run()
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var device = PrepareDevice();
        var report = Header(device);

        using var benchmark = new GpuBenchmark(device, options.Warmup, options.Samples);
        report["protocol"]!["l2FlushBytes"] = benchmark.FlushBytes;
        var peak = MeasureCopyPeak(benchmark);
        report["copyPeak"] = peak;
        var peakGBs = peak["kernelGBs"]!.GetValue<double>();
        Console.WriteLine($"copy peak: {peakGBs:F0} GB/s (float4 copy kernel, read + write); torch clone {peak["torchCloneGBs"]!.GetValue<double>():F0} GB/s");

        var results = new JsonArray();
        foreach (var problem in Problem.All)
        {
            if (options.Only is { } only && !only.Contains(problem.VariantId) && !only.Contains(problem.ModuleFullName)) continue;
            Console.WriteLine($"== {problem.Name} ({problem.ModuleFullName})");
            JsonObject result;
            using (NewDisposeScope()) result = RunProblem(problem, benchmark, peakGBs);
            Record(results, result);
        }
        return WriteReport(report, results, "cuda-kernelgen.json");
    }

    /// <summary>Adds one problem's result after freeing what its run left for the finaliser, and prints its summary.</summary>
    public static void Record(JsonArray results, JsonObject result)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        results.Add(result);
        Console.WriteLine(result["summary"]!.GetValue<string>());
    }

    /// <summary>Writes the report with its problems to <paramref name="fileName"/> in the output folder.</summary>
    public int WriteReport(JsonObject report, JsonArray results, string fileName)
    {
        report["problems"] = results;
        var path = Path.Combine(options.OutputDirectory, fileName);
        File.WriteAllText(path, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    /// <summary>TF32 off for every reference, the CUDA device and NVRTC loaded; throws with the reason when there is no GPU.</summary>
    public static CudaDevice PrepareDevice()
    {
        // LibTorch lets cuDNN use TF32 by default; no reference may run with a precision downgrade (docs/cuda.md).
        backends.cuda.matmul.allow_tf32 = false;
        backends.cudnn.allow_tf32 = false;
        if (!cuda.is_available()) throw new InvalidOperationException("TorchSharp sees no CUDA device");
        var device = CudaDevice.Get(0, out var failure) ?? throw new InvalidOperationException(failure);
        Nvrtc.Get(device.Driver.Version, out _);
        return device;
    }

    /// <summary>The report's tool, date, device and protocol fields (both runs write them).</summary>
    public JsonObject Header(CudaDevice device)
    {
        return new JsonObject
        {
            ["tool"] = "samples/CudaBench",
            ["dateUtc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["device"] = new JsonObject
            {
                ["computeCapability"] = device.ComputeCapability,
                ["multiprocessors"] = device.Multiprocessors,
                ["l2CacheBytes"] = device.L2CacheBytes,
                ["driverVersion"] = device.Driver.Version,
                ["nvrtc"] = Nvrtc.Get(device.Driver.Version, out _)?.Description,
                ["torchLib"] = torchLib,
                ["tf32"] = $"cublas {backends.cuda.matmul.allow_tf32}, cudnn {backends.cudnn.allow_tf32}",
            },
            ["protocol"] = new JsonObject
            {
                ["warmupRuns"] = options.Warmup,
                ["samples"] = options.Samples,
                ["timing"] = "CUDA events on the legacy default stream around one call; outputs allocated by LibTorch inside the timed region for both subjects",
                ["trials"] = options.Trials,
                ["fullShapeTrials"] = options.FullShapeTrials,
            },
        };
    }

    /// <summary>The bandwidth ceiling: a float4 copy kernel over <paramref name="elements"/> floats (read + write; 1 GiB each way by default), with torch.clone beside it.</summary>
    public JsonObject MeasureCopyPeak(GpuBenchmark benchmark, long elements = 1L << 28)
    {
        var copy = new CudaKernelVariant("copy-vec4", [ScalarType.Float32], ScalarType.Float32,
            new DomainSpec($"N=1..{elements}", ["N"], "N").Runtime, "copy_vec4", static () => CopyBytes) { ModuleName = "CudaBench.CopyPeak" };
        using var source = randn(elements, device: CUDA);
        Tensor[] arguments = [source];
        var times = benchmark.Measure([() => copy.TryRun(arguments) ?? throw new InvalidOperationException(copy.DisabledReason ?? "the copy kernel declined"), () => source.clone()]);
        GC.KeepAlive(arguments);
        var bytes = 2.0 * elements * 4;
        return new JsonObject
        {
            ["elements"] = elements,
            ["bytes"] = bytes,
            ["kernelMedianMs"] = SampleStatistics.Median(times[0]),
            ["kernelGBs"] = bytes / SampleStatistics.Median(times[0]) / 1e6,
            ["torchCloneMedianMs"] = SampleStatistics.Median(times[1]),
            ["torchCloneGBs"] = bytes / SampleStatistics.Median(times[1]) / 1e6,
            ["kernelSamplesMs"] = Samples(times[0]),
            ["torchCloneSamplesMs"] = Samples(times[1]),
        };
    }

    /// <summary>Verifies the problem's kernel from its file, then benchmarks it against TorchSharp eager; the result's JSON.</summary>
    public JsonObject RunProblem(Problem problem, GpuBenchmark benchmark, double peakGBs)
    {
        using var noGrad = no_grad();
        var text = File.ReadAllText(problem.KernelPath);
        var bytes = Encoding.UTF8.GetBytes(text);
        var types = Enumerable.Repeat(ScalarType.Float32, problem.Domain.Runtime.Arguments.Count).ToArray();
        var candidate = new CudaKernelVariant(problem.VariantId, types, ScalarType.Float32, problem.Domain.Runtime, problem.EntryPoint, () => bytes)
        {
            ModuleName = problem.ModuleFullName + " (candidate from file)",
        };

        manual_seed(Seed);
        var module = problem.Create().cuda();
        var inputs = problem.SampleInputs(CUDA);
        var arguments = inputs.Concat(Problem.State(module)).ToArray();
        var sampleSizes = SampleSizes(problem, arguments);
        var stateNames = module.named_parameters().Select(p => p.name).ToArray();

        var result = new JsonObject
        {
            ["name"] = problem.Name,
            ["level"] = problem.Level,
            ["module"] = problem.ModuleFullName,
            ["fingerprint"] = problem.Fingerprint,
            ["variantId"] = problem.VariantId,
            ["entryPoint"] = problem.EntryPoint,
            ["file"] = problem.KernelFile,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF').Replace("\r\n", "\n")))),
            ["inputNames"] = new JsonArray([.. ReferenceParameterNames(problem.ModuleType).Select(n => (JsonNode)n!)]),
            ["outputShape"] = new JsonArray([.. problem.Domain.OutputShape(sampleSizes).Select(d => (JsonNode)d)]),
            ["inputShapes"] = new JsonArray([.. inputs.Select(x => (JsonNode)new JsonArray([.. x.shape.Select(d => (JsonNode)d)]))]),
            ["stateNames"] = new JsonArray([.. stateNames.Select(n => (JsonNode)n)]),
            ["stateShapes"] = new JsonArray([.. Problem.State(module).Select(x => (JsonNode)new JsonArray([.. x.shape.Select(d => (JsonNode)d)]))]),
            ["shapeDomain"] = problem.Domain.ToLockJson(),
        };

        var verificationSizes = problem.VerificationSizes(sampleSizes);
        var verification = new GpuVerifier(problem, candidate, options.Trials, options.FullShapeTrials, Seed).Verify(verificationSizes);
        verification["fullShapeTrialSizes"] = new JsonArray([.. verificationSizes.Select(s => (JsonNode)s)]);
        result["verification"] = verification;
        if (verification["verdict"]!.GetValue<string>() != "pass")
        {
            result["summary"] = $"  REJECTED: {verification["failingCheck"]} {verification["reason"]}";
            return result;
        }

        // The path an app runs: the module's generated forward, when the variant is baked (locked as verified).
        var kernelOutput = candidate.TryRun(arguments)!;
        var dispatched = problem.Forward(module, inputs);
        var baked = problem.Info().LastVariant == problem.VariantId;
        result["dispatchedThroughModule"] = baked;
        result["dispatchMatchesCandidate"] = GpuVerifier.BitwiseEqual(dispatched, kernelOutput);
        dispatched.Dispose();
        using (var eagerOutput = GpuVerifier.Eager(() => problem.Forward(module, inputs)))
            result["sampleSizeAgreement"] = AgreementWithEager(kernelOutput, eagerOutput);
        Func<Tensor> kernelSubject = baked
            ? () => problem.Forward(module, inputs)
            : () => candidate.TryRun(arguments) ?? throw new InvalidOperationException(candidate.DisabledReason);
        Func<Tensor> eagerSubject = () => GpuVerifier.Eager(() => problem.Forward(module, inputs));

        var times = benchmark.Measure([eagerSubject, kernelSubject]);
        var outputBytes = kernelOutput.numel() * 4;
        var bytesMoved = arguments.Sum(a => a.numel() * 4) + outputBytes;
        var eagerMs = SampleStatistics.Median(times[0]);
        var kernelMs = SampleStatistics.Median(times[1]);
        var (low, high) = BootstrapCi.SpeedupInterval(times[0], times[1]);
        var kernelGBs = bytesMoved / kernelMs / 1e6;
        result["benchmark"] = new JsonObject
        {
            ["baseline"] = "TorchSharp eager (the module's reference), same process, interleaved",
            ["kernelPath"] = baked ? "module.forward (baked CudaKernelVariant through KernelTable)" : "CudaKernelVariant compiled from the file (not baked yet)",
            ["bytesMoved"] = bytesMoved,
            ["eagerMedianMs"] = eagerMs,
            ["kernelMedianMs"] = kernelMs,
            ["speedup"] = eagerMs / kernelMs,
            ["speedupCi95Low"] = low,
            ["speedupCi95High"] = high,
            ["kernelGBs"] = kernelGBs,
            ["kernelPercentOfCopyPeak"] = 100 * kernelGBs / peakGBs,
            ["eagerGBsOfIdealBytes"] = bytesMoved / eagerMs / 1e6,
            ["eagerOutliers"] = SampleStatistics.OutlierCount(times[0]),
            ["kernelOutliers"] = SampleStatistics.OutlierCount(times[1]),
            ["eagerSamplesMs"] = Samples(times[0]),
            ["kernelSamplesMs"] = Samples(times[1]),
        };
        result["summary"] = string.Create(CultureInfo.InvariantCulture,
            $"  verified ({verification["trials"]} trials, max error ratio {verification["maxErrorRatio"]!.GetValue<double>():G3}); eager {eagerMs:F3} ms, kernel {kernelMs:F3} ms, {eagerMs / kernelMs:F2}x [{low:F2}, {high:F2}], {kernelGBs:F0} GB/s = {100 * kernelGBs / peakGBs:F1} % of copy peak; via {(baked ? "module.forward" : "file candidate")}");
        return result;
    }

    /// <summary>
    /// The kernel against float32 eager at the sample (benchmark) size, which the full-shape verification trials may
    /// have capped: NaN/inf positions and the largest difference where both are finite, relative to eager's largest
    /// finite magnitude. Evidence for the size the numbers are published at, not a replacement for the oracle.
    /// </summary>
    static JsonObject AgreementWithEager(Tensor kernel, Tensor eager)
    {
        // In chunks of 256 Mi elements: the comparison's temporaries of a whole v0.1 tensor (6 GiB each) do not fit beside it.
        const long chunk = 1L << 28;
        using var flatKernel = kernel.reshape(-1);
        using var flatEager = eager.reshape(-1);
        var sameSpecials = true;
        var maxDiff = 0.0;
        var maxMagnitude = 0.0;
        for (long start = 0; start < flatKernel.numel(); start += chunk)
        {
            using var scope = NewDisposeScope();
            var k = flatKernel.narrow(0, start, Math.Min(chunk, flatKernel.numel() - start));
            var e = flatEager.narrow(0, start, k.numel());
            var bothFinite = k.isfinite().logical_and(e.isfinite());
            sameSpecials &= k.isnan().eq(e.isnan()).logical_and(k.isposinf().eq(e.isposinf())).logical_and(k.isneginf().eq(e.isneginf())).all().item<bool>();
            maxDiff = Math.Max(maxDiff, k.sub(e).abs().masked_fill(bothFinite.logical_not(), 0).max().item<float>());
            maxMagnitude = Math.Max(maxMagnitude, e.abs().masked_fill(bothFinite.logical_not(), 0).max().item<float>());
        }
        return new JsonObject
        {
            ["specialValuesMatch"] = sameSpecials,
            ["maxAbsDiff"] = maxDiff,
            ["maxAbsEager"] = maxMagnitude,
            ["maxAbsDiffRelativeToMaxAbsEager"] = maxMagnitude > 0 ? maxDiff / maxMagnitude : maxDiff,
        };
    }

    /// <summary>The [KernelReference] method's parameter names: the lock contract's input names.</summary>
    static IEnumerable<string?> ReferenceParameterNames(Type moduleType) => Problem.ReferenceParameters(moduleType).Select(p => p.Name);

    static long[] SampleSizes(Problem problem, Tensor[] arguments)
    {
        var shapes = arguments.Select(a => new KernelGen.Cpu.TensorShape(a.shape)).ToArray();
        var sizes = new long[problem.Domain.Symbols.Count];
        if (!problem.Domain.Runtime.TryBind(shapes, sizes))
            throw new InvalidOperationException($"{problem.ModuleFullName}: the sample inputs are outside the declared CUDA domain");
        return sizes;
    }

    /// <summary>Sample times rounded to 10 ns, as the raw JSON keeps them.</summary>
    public static JsonArray Samples(IReadOnlyList<double> times) => new([.. times.Select(t => (JsonNode)Math.Round(t, 5))]);
}
