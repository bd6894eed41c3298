using KernelGen.Cuda;
using static TorchSharp.torch;

namespace CudaBench;

/// <summary>
/// The benchmarking protocol of docs/benchmarking.md on the GPU: warm-up, then samples interleaved across subjects
/// (the order alternates each round), each sample timed with CUDA events on the legacy default stream around one
/// call, after a write of a buffer four times the L2 cache (at least 256 MiB) so no input is served from L2.
/// </summary>
sealed class GpuBenchmark : IDisposable
{
    readonly CudaDevice device;
    readonly int warmup;
    readonly int samples;
    readonly Tensor flush;
    readonly CudaEventTimer timer;

    public GpuBenchmark(CudaDevice device, int warmup, int samples)
    {
        this.device = device;
        this.warmup = warmup;
        this.samples = samples;
        FlushBytes = Math.Max(256L << 20, 4L * device.L2CacheBytes);
        flush = empty(FlushBytes / 4, ScalarType.Float32, device.TorchDevice);
        timer = new CudaEventTimer(device);
    }

    public long FlushBytes { get; }

    /// <summary>GPU milliseconds of each subject's samples, in the order measured. Subjects' tensors are disposed after each call.</summary>
    public IReadOnlyList<double>[] Measure(IReadOnlyList<Func<Tensor>> subjects)
    {
        foreach (var subject in subjects)
        {
            for (var i = 0; i < warmup; i++)
            {
                using var scope = NewDisposeScope();
                subject();
            }
        }
        cuda.synchronize();

        var times = subjects.Select(_ => new List<double>(samples)).ToArray();
        for (var s = 0; s < samples; s++)
        {
            for (var k = 0; k < subjects.Count; k++)
            {
                var index = s % 2 == 0 ? k : subjects.Count - 1 - k;
                flush.fill_(s + k);
                // The scope frees the output and eager's intermediates after the timed region, as an app's scope
                // would; without it they would wait for the .NET finaliser and exhaust GPU memory.
                using var scope = NewDisposeScope();
                timer.Start();
                subjects[index]();
                timer.Stop();
                times[index].Add(timer.ElapsedMilliseconds());
            }
        }
        return times;
    }

    public void Dispose()
    {
        timer.Dispose();
        flush.Dispose();
    }
}
