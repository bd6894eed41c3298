using KernelGen.Runtime;
using static TorchSharp.torch;

namespace KernelGen.Tests;

[Collection(RuntimeCollection.Name)]
public class ConcurrencyTests
{
    const int Threads = 8;
    const int CallsPerThread = 300;

    [Fact]
    public void Many_threads_get_the_reference_results_from_one_module()
    {
        using var settings = new RuntimeSettings();
        var kernelCalls = 0;
        var module = new ScaleModule(ScaleModule.TableWith("shared", call =>
        {
            Interlocked.Increment(ref kernelCalls);
            ScaleModule.ScaleKernel(call.Argument<float>(0), call.Argument<float>(1), call.Output<float>());
        }));
        var weight = module.weight.detach().clone();
        var mismatches = 0;

        RunOnThreads(thread =>
        {
            using var _ = no_grad();
            var random = new Random(thread);
            for (var i = 0; i < CallsPerThread; i++)
            {
                using var scope = NewDisposeScope();
                // Rows from 1 to 80: some inside the verified range (kernel), some outside (reference).
                var x = randn(random.Next(1, 81), ScaleModule.Width);
                if (!module.forward(x).allclose(x * weight, rtol: 0, atol: 0)) Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
        Assert.InRange(kernelCalls, Threads * CallsPerThread / 2, Threads * CallsPerThread - 1);
        Assert.Equal(Threads * CallsPerThread, kernelCalls + module.ReferenceCalls);
        Assert.Empty(settings.Log.Lines);
    }

    [Fact]
    public void A_kernel_failing_on_many_threads_at_once_is_logged_once_and_every_call_is_correct()
    {
        using var settings = new RuntimeSettings();
        using var start = new Barrier(Threads);
        var module = new ScaleModule(ScaleModule.TableWith("racy-failure", _ => throw new InvalidOperationException("fails everywhere")));
        var weight = module.weight.detach().clone();
        var mismatches = 0;

        RunOnThreads(_ =>
        {
            using var noGrad = no_grad();
            var x = randn(3, ScaleModule.Width);
            start.SignalAndWait();
            for (var i = 0; i < 20; i++)
                if (!module.forward(x).allclose(x * weight, rtol: 0, atol: 0)) Interlocked.Increment(ref mismatches);
        });

        Assert.Equal(0, mismatches);
        Assert.Single(settings.Log.Lines);
        Assert.Contains("fails everywhere", module.Info.Variants[0].DisabledReason);
    }

    static void RunOnThreads(Action<int> body)
    {
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try { body(t); }
            catch (Exception e) { errors.Enqueue(e); }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
    }
}
