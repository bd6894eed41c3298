using KernelGen.Engine.Benchmarking;
using KernelGen.Engine.Compilation;
using KernelGen.Engine.Pipeline;
using KernelGen.Engine.Tests.Fixtures;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers.Progress;

namespace KernelGen.Engine.Tests;

/// <summary>What a real worker tells its client while it runs, and what a crashed worker leaves behind.</summary>
[Collection(WorkerCollection.Name)]
public sealed class WorkerProgressTests(WorkerFixture fixture)
{
    [Fact]
    public async Task A_real_worker_reports_loading_trials_warm_up_and_samples_in_order()
    {
        var events = new List<EvaluationProgress>();

        var evaluation = await fixture.Evaluator.EvaluateAsync(fixture.RmsNorm, WorkerFixture.AssemblyPath, Kernels.CorrectRmsNorm, "candidate.cs", "candidate",
            seed: 11, progress: new SynchronousProgress<EvaluationProgress>(events.Add));

        Assert.True(evaluation.Result.Verdict == Verdict.Accepted, evaluation.Result.Reason);
        Assert.Equal(PhaseProgress.Loading, Assert.IsType<PhaseProgress>(events[0]).Name);
        var trials = events.OfType<TrialProgress>().ToList();
        Assert.NotEmpty(trials);
        Assert.All(trials, t => Assert.Equal(100, t.Trials));
        Assert.Equal(1, trials[0].Trial); // the first event of a phase is never throttled away
        Assert.True(trials.Zip(trials.Skip(1)).All(p => p.First.Trial < p.Second.Trial), "trials arrive in order");
        Assert.All(trials, t => Assert.Equal(2, t.Shapes.Count)); // x and the weight
        // Every phase of the protocol shows up, in the protocol's order (the peak probe only on a machine without a cached probe).
        string[] expected = ["loading", "verifying 100 trials", "warming up (cold)", "timing 30 samples (cold)", "warming up (warm)", "timing 30 samples (warm)"];
        Assert.Equal(expected, events.Select(e => e.Phase).Where(p => p != PhaseProgress.ProbingPeak).Distinct());
        Assert.Contains(events, e => e is SampleProgress { Mode: TimingMode.Cold, Sample: 1, Samples: 30 });
    }

    [Fact]
    public async Task A_worker_killed_by_an_uncaught_cpp_exception_keeps_the_head_and_the_tail_of_its_output()
    {
        // The worker really aborts (SIGABRT) after printing what libstdc++ prints for an uncaught c10::Error, with a
        // backtrace far longer than what a rejection keeps. The policy would stop this kernel, so it is run as compiled bytes.
        var compiled = CandidateCompiler.Compile(Kernels.AbortsLikeLibTorch, "candidate.cs", "Abort" + Guid.NewGuid().ToString("N"));
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Errors));

        var result = await fixture.Evaluator.EvaluateCompiledAsync(
            fixture.RmsNorm.Module, WorkerFixture.AssemblyPath, compiled.AssemblyBytes!, "Candidates.RmsNormKernel", "aborts", benchmark: false);

        Assert.Equal(Verdict.Rejected, result.Verdict);
        Assert.Equal("worker", result.FailingCheck);
        var reason = result.Reason!;
        Assert.Contains("exited with code 134 (SIGABRT", reason);
        Assert.Contains("terminate called after throwing an instance of 'c10::Error'", reason);
        Assert.Contains("what():  CUDA error: an illegal memory access was encountered", reason);
        Assert.Contains("frame #1999: the last frame", reason);
        Assert.Matches(@"\[… \d+ characters omitted …\]", reason);
        Assert.InRange(reason.Length, 1000, 8000);
    }
}
