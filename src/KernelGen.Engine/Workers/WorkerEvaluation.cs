using KernelGen.Engine.Benchmarking;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Verification;
using System.Security.Cryptography;

namespace KernelGen.Engine.Workers;

/// <summary>The worker side of <c>evaluate</c>: load the module and the candidate, verify, and benchmark what passed.</summary>
public static class WorkerEvaluation
{
    public static EvaluationResult Run(EvaluationRequest request)
    {
        KernelModuleHost host;
        CandidateKernel candidate;
        try
        {
            var assembly = ModuleAssembly.Load(request.AssemblyPath);
            var type = ModuleAssembly.FindModuleTypes(assembly).FirstOrDefault(t => t.FullName!.Replace('+', '.') == request.Module)
                ?? throw new InvalidOperationException($"no [KernelModule] type '{request.Module}' in {request.AssemblyPath}");
            host = KernelModuleHost.For(type);
            candidate = CandidateKernel.Load(request.CandidateAssemblyPath, request.EntryPoint);
        }
        catch (Exception e)
        {
            return EvaluationResult.Reject("load", $"{e.GetType().Name}: {e.Message}");
        }

        var seed = request.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        var outcome = new KernelVerifier(host, candidate, new VerificationSettings(request.Trials)).Verify(seed);
        var domain = outcome.Domain.ToSpec();
        if (!outcome.Succeeded)
        {
            // Checks run interleaved in every trial, so no other check can be said to have passed as a whole.
            return EvaluationResult.Reject(outcome.FailingCheck!, outcome.Reason!) with { ShapeDomain = domain };
        }

        var checks = VerificationOutcome.CheckNames.Select(c => new CheckResult(c, true, CheckDetail(c, outcome.Evidence!))).ToList();
        BenchmarkResult? benchmark = null;
        if (request.Benchmark)
        {
            try
            {
                var contract = ModuleDescriber.Describe(host).Contract;
                var peak = MachinePeakCache.Default.GetOrMeasure();
                benchmark = new KernelBenchmark(host, contract, new HarnessSettings(request.BenchmarkSamples), peak, CacheFlusher.ForThisMachine())
                    .Run(candidate, outcome.Domain, request.VariantId);
            }
            catch (Exception e)
            {
                return EvaluationResult.Reject("benchmark", $"{e.GetType().Name}: {e.Message}", checks) with { ShapeDomain = domain, Verification = outcome.Evidence };
            }
            checks.Add(new CheckResult("benchmark", true, BenchmarkDetail(benchmark)));
            if (SpeedOfLight.Check(benchmark.SpeedOfLight!) is not null)
            {
                // The cached probe may have run while the machine was busy and read low: probe again, keep the best,
                // and judge the same samples against it before calling the result impossible.
                var peak = MachinePeakCache.Default.Remeasure();
                benchmark = benchmark with
                {
                    SpeedOfLight = SpeedOfLight.Against(benchmark.SpeedOfLight!, peak),
                    Warm = benchmark.Warm! with { SpeedOfLight = SpeedOfLight.Against(benchmark.Warm.SpeedOfLight, peak) },
                };
            }
            if (SpeedOfLight.Check(benchmark.SpeedOfLight!) is { } impossible)
            {
                // The evidence stays with the rejection: an impossible time is exactly what a reviewer needs to see.
                return EvaluationResult.Reject(SpeedOfLight.CheckName, impossible, checks) with
                {
                    ShapeDomain = domain, Verification = outcome.Evidence, Benchmark = benchmark,
                };
            }
            checks.Add(new CheckResult(SpeedOfLight.CheckName, true, SpeedOfLightDetail(benchmark.SpeedOfLight!)));
        }
        return new EvaluationResult(Verdict.Accepted, null, null, checks, domain, outcome.Evidence, benchmark);
    }

    static string BenchmarkDetail(BenchmarkResult b) =>
        $"cold speedup {b.Speedup:F2}x (95 % CI {b.SpeedupCi95Low:F2}–{b.SpeedupCi95High:F2}), reference {b.ReferenceMedianMs:G3} ms, kernel {b.CandidateMedianMs:G3} ms"
        + (b.Warm is { } w ? $"; warm {w.Speedup:F2}x (95 % CI {w.SpeedupCi95Low:F2}–{w.SpeedupCi95High:F2})" : "")
        + $"; outliers beyond 3 MAD {b.ReferenceOutliers} + {b.CandidateOutliers} (kept)"
        + (b.WarmupStable ? "" : "; warm-up did not settle")
        + (b.TooSmallToMeasure ? $"; TOO SMALL TO MEASURE (median below {HarnessSettings.MinimumMeasurable.TotalMicroseconds:0} µs): not selected" : "");

    static string SpeedOfLightDetail(SpeedOfLightEvidence s) =>
        $"cold kernel {s.CandidateBandwidthGBs:F1} GB/s = {s.CandidateBandwidthPercent:F0} % of peak {s.PeakBandwidthGBs:F1} GB/s (reference {s.ReferenceBandwidthPercent:F0} %)"
        + (s.CandidateFlopsPercent is { } f ? $", {f:F1} % of peak {s.PeakGflops:F0} GFLOP/s" : "");

    static string CheckDetail(string check, VerificationEvidence evidence) => check switch
    {
        "oracle-accuracy" => $"max error ratio {evidence.MaxErrorRatio:G3} (candidate {evidence.MaxCandidateError:G3}, reference {evidence.MaxReferenceError:G3}; allowed {evidence.ErrorFactor} × reference + {evidence.ErrorFloor:G3})",
        "shape-domain" => $"{evidence.Shapes.Count} shape sets",
        _ => $"{evidence.Trials} trials",
    };
}
