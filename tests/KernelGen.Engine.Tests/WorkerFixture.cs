using KernelGen.Engine.Modules;
using KernelGen.Engine.Pipeline;
using KernelGen.Engine.Tests.Fixtures;
using KernelGen.Engine.Workers;

namespace KernelGen.Engine.Tests;

/// <summary>Describes this test assembly's modules once through a real worker, for every test that evaluates kernels.</summary>
public sealed class WorkerFixture : IAsyncLifetime
{
    public static string AssemblyPath => typeof(TestRmsNorm).Assembly.Location;

    public WorkerClient Worker { get; } = new(WorkerOptions.Default with { EvaluateTimeout = TimeSpan.FromSeconds(120) });

    public CandidateEvaluator Evaluator => new(Worker);

    public IReadOnlyList<ModuleDescription> Modules { get; private set; } = [];

    public ModuleDescription RmsNorm => Modules.Single(m => m.Module == typeof(TestRmsNorm).FullName);

    public ModuleDescription SiluMul => Modules.Single(m => m.Module == typeof(TestSiluMul).FullName);

    public ModuleDescription ArgMax => Modules.Single(m => m.Module == typeof(TestArgMax).FullName);

    public ModuleDescription Softmax => Modules.Single(m => m.Module == typeof(Corpus.TestSoftmax).FullName);

    public async Task InitializeAsync() => Modules = await Worker.DescribeAsync(AssemblyPath);

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class WorkerCollection : ICollectionFixture<WorkerFixture>
{
    // Evaluations share one collection so that they run one at a time: each uses every core, and the timing-based
    // checks (timeouts, benchmarks) are more stable without competition.
    public const string Name = "worker";
}
