using KernelGen.Engine.Pipeline;
using KernelGen.Engine.Tests.Corpus;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers;

namespace KernelGen.Engine.Tests;

/// <summary>The worker's RLIMIT_DATA holds even when the managed heap limit would not stop a hoarding kernel.</summary>
[Collection(WorkerCollection.Name)]
public sealed class WorkerMemoryLimitTests(WorkerFixture fixture)
{
    [Fact]
    public async Task Data_limit_stops_a_hoarding_kernel_that_the_heap_limit_would_let_through()
    {
        if (!OperatingSystem.IsLinux()) return;
        var hoarder = BadKernels.All.Single(k => k.Name == "rmsnorm-growing-allocation");
        var worker = new WorkerClient(WorkerOptions.Default with
        {
            EvaluateTimeout = TimeSpan.FromSeconds(120),
            ManagedHeapLimitBytes = 64L << 30,
            DataLimitBytes = 2L << 30,
        });

        var result = (await new CandidateEvaluator(worker).EvaluateAsync(fixture.RmsNorm, WorkerFixture.AssemblyPath, hoarder.Source, "candidate.cs", "hoarder", benchmark: false)).Result;

        Assert.Equal(Verdict.Rejected, result.Verdict);
        Assert.True(result.FailingCheck is "exceptions" or "worker", $"{result.FailingCheck}: {result.Reason}");
        Assert.Contains("OutOfMemory", result.Reason, StringComparison.Ordinal);
    }
}
