using KernelGen.Engine.Compilation;

namespace KernelGen.Engine.Tests.Benchmarking;

/// <summary>
/// What the harness cannot see, the API policy stops before a kernel runs: a kernel that reads the clock could adapt
/// to being timed, and one that starts tasks or threads could return before its work is done.
/// </summary>
public sealed class TimingPolicyTests
{
    static string Kernel(string body) => $$"""
        using System;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;
        using KernelGen.Cpu;

        public static class K
        {
            public static void Run(ReadOnlyTensorView<float> x, TensorView<float> output)
            {
                {{body}}
            }
        }
        """;

    [Theory]
    [InlineData("var t = Stopwatch.GetTimestamp();")]
    [InlineData("var w = Stopwatch.StartNew();")]
    [InlineData("var t = Environment.TickCount64;")]
    [InlineData("var t = DateTime.UtcNow;")]
    [InlineData("var t = TimeProvider.System.GetTimestamp();")]
    [InlineData("Task.Run(() => { });")]
    [InlineData("ThreadPool.QueueUserWorkItem(_ => { });")]
    [InlineData("new Thread(() => { }).Start();")]
    public void Kernels_that_touch_the_timer_or_work_asynchronously_are_rejected(string body)
    {
        var compiled = CandidateCompiler.Compile(Kernel(body), "k.cs", "TimingPolicy" + Guid.NewGuid().ToString("N"));
        Assert.True(compiled.Succeeded, string.Join("\n", compiled.Errors));
        Assert.NotEmpty(KernelApiPolicy.Check(compiled));
    }
}
