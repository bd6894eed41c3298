using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using KernelBench.Cuda;
using KernelGen.Engine.Benchmarking;
using TorchSharp;
using static TorchSharp.torch;

namespace CudaBench;

/// <summary>
/// <c>CudaBench kernelbench</c>: every KernelBench port (samples/KernelBench) at the size <c>KERNELBENCH_SIZE</c> selects,
/// on the GPU. Each problem's TorchSharp eager time is measured (the module's <c>[KernelReference]</c> method with
/// KernelGen off); a problem with a hand-written CUDA kernel (<see cref="CudaKernelCatalog"/>) also goes through
/// <see cref="Runner.RunProblem"/>: verification, the dispatch check and the interleaved benchmark. A problem that
/// fails (out of GPU memory, an exception) is recorded with its reason and the run goes on. Writes
/// <c>cuda-kernelbench.json</c> with every sample; <c>kernelgen suite-report</c> scores it.
/// </summary>
sealed class KernelBenchRunner(RunOptions options, string torchLib)
{
    public int Run()
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var device = Runner.PrepareDevice();
        var runner = new Runner(options, torchLib);
        var report = runner.Header(device);
        report["suite"] = "samples/KernelBench";
        report["size"] = Environment.GetEnvironmentVariable(KernelBench.KernelBenchSize.Variable) ?? "reduced";
        report["eagerSubject"] = "the module's [KernelReference] method invoked directly (TorchSharp eager, KernelGen not involved); for problems with a kernel the interleaved eager subject is the module's forward with KernelGen disabled, which runs the same method";

        using var benchmark = new GpuBenchmark(device, options.Warmup, options.Samples);
        report["protocol"]!["l2FlushBytes"] = benchmark.FlushBytes;
        // Copied at the size of the level-1 elementwise tensors (4096 x 393216 floats, 6 GiB each way), so the ceiling is
        // measured on streams as long as those of the v0.1 problems it is compared with (a 1 GiB copy reaches a little less).
        var peak = runner.MeasureCopyPeak(benchmark, 4096L * 393216);
        report["copyPeak"] = peak;
        var peakGBs = peak["kernelGBs"]!.GetValue<double>();
        Console.WriteLine($"copy peak: {peakGBs:F0} GB/s (float4 copy kernel, read + write)");

        var results = new JsonArray();
        foreach (var port in KernelBench.Problem.All)
        {
            if (options.Only is { } only && !only.Contains(port.Key)) continue;
            Console.WriteLine($"== {port.Key} {port.Info.Name}");
            var result = new JsonObject { ["key"] = port.Key, ["name"] = port.Info.Name, ["level"] = port.Info.Level, ["module"] = port.Type.FullName };
            try
            {
                using (NewDisposeScope()) Measure(port, result, runner, benchmark, peakGBs);
            }
            catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
            {
                result["status"] = "not run";
                result["reason"] = e.Message.Split('\n')[0];
                result["summary"] = $"  NOT RUN: {result["reason"]}";
            }
            Runner.Record(results, result);
        }
        return runner.WriteReport(report, results, "cuda-kernelbench.json");
    }

    static void Measure(KernelBench.Problem port, JsonObject result, Runner runner, GpuBenchmark benchmark, double peakGBs)
    {
        if (CudaKernelCatalog.For(port.Key) is { } entry)
        {
            var kernel = runner.RunProblem(Problem.FromKernelBench(port, entry), benchmark, peakGBs);
            var passed = kernel["verification"]!["verdict"]!.GetValue<string>() == "pass";
            result["status"] = passed ? "kernel" : "rejected";
            result["cuda"] = kernel;
            result["summary"] = kernel["summary"]!.GetValue<string>();
            return;
        }

        using var noGrad = no_grad();
        manual_seed(20261126);
        using var module = port.Create().cuda();
        var inputs = port.SampleInputs(CUDA);
        var state = module.parameters().ToArray();
        using var output = port.RunReference(module, inputs);
        var bytesMoved = (inputs.Sum(x => x.numel()) + state.Sum(x => x.numel()) + output.numel()) * 4;
        var times = benchmark.Measure([() => port.RunReference(module, inputs)])[0];
        var median = SampleStatistics.Median(times);
        var gbs = bytesMoved / median / 1e6;
        result["status"] = "reference only";
        result["reason"] = ReferenceOnlyReason(port);
        result["inputShapes"] = new JsonArray([.. inputs.Select(x => (JsonNode)new JsonArray([.. x.shape.Select(d => (JsonNode)d)]))]);
        result["eager"] = new JsonObject
        {
            ["bytesMoved"] = bytesMoved,
            ["medianMs"] = median,
            ["outliers"] = SampleStatistics.OutlierCount(times),
            ["gbsOfIdealBytes"] = gbs,
            ["percentOfCopyPeak"] = 100 * gbs / peakGBs,
            ["samplesMs"] = Runner.Samples(times),
        };
        result["summary"] = string.Create(CultureInfo.InvariantCulture, $"  reference only: eager {median:F3} ms, {gbs:F0} GB/s of compulsory bytes = {100 * gbs / peakGBs:F1} % of copy peak");
    }

    /// <summary>Why a problem has no CUDA kernel: GEMM/convolution-led problems keep cuBLAS/cuDNN; the rest were not attempted, for the reason given.</summary>
    static string ReferenceOnlyReason(KernelBench.Problem port) => port.Key switch
    {
        "L1-37" => "no kernel attempted: the Frobenius norm needs a grid-wide reduction before the division, and one launch per call is the kernel ABI",
        _ when port.Info.Level > 1 || port.Key == "L1-1" => "GEMM/convolution-led: a kernel would have to beat cuBLAS/cuDNN, which eager already calls; no kernel attempted",
        _ => "no kernel attempted: eager is already one bandwidth-bound kernel (one elementwise op or one reduction)",
    };
}
