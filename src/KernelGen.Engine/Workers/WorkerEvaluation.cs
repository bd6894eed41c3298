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
                benchmark = new KernelBenchmark(host, request.BenchmarkSamples).Run(candidate, outcome.Domain, request.VariantId);
                checks.Add(new CheckResult("benchmark", true, $"speedup {benchmark.Speedup:F2}x (95 % CI {benchmark.SpeedupCi95Low:F2}–{benchmark.SpeedupCi95High:F2}), reference {benchmark.ReferenceMedianMs:G3} ms, kernel {benchmark.CandidateMedianMs:G3} ms"));
            }
            catch (Exception e)
            {
                return EvaluationResult.Reject("benchmark", $"{e.GetType().Name}: {e.Message}", checks) with { ShapeDomain = domain, Verification = outcome.Evidence };
            }
        }
        return new EvaluationResult(Verdict.Accepted, null, null, checks, domain, outcome.Evidence, benchmark);
    }

    static string CheckDetail(string check, VerificationEvidence evidence) => check switch
    {
        "oracle-accuracy" => $"max error ratio {evidence.MaxErrorRatio:G3} (candidate {evidence.MaxCandidateError:G3}, reference {evidence.MaxReferenceError:G3}; allowed {evidence.ErrorFactor} × reference + {evidence.ErrorFloor:G3})",
        "shape-domain" => $"{evidence.Shapes.Count} shape sets",
        _ => $"{evidence.Trials} trials",
    };
}
