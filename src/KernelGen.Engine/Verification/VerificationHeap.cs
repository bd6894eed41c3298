using System.Globalization;
using System.Runtime.InteropServices;
using KernelGen.Engine.Workers;

namespace KernelGen.Engine.Verification;

/// <summary>
/// Lets glibc map large blocks again while the worker verifies, when the worker's environment disabled that for fair
/// timing (<c>MALLOC_MMAP_MAX_=0</c>, <see cref="WorkerClient.TimingEnvironment"/>).
/// </summary>
/// <remarks>
/// Why: with mmap disabled every tensor comes from the one brk heap, which only grows at its top. Verification makes
/// hundreds of large short-lived tensors (fresh random state, its special-value masks and copies, snapshots, the
/// float64 oracle) between small long-lived allocations, and the heap fragments: freed space is not reused for later
/// large tensors, so the heap keeps growing at its top. At KernelBench L2-18's v0.1 size (an 8192×8192 weight) it grew
/// by about 130 MB a second (the same verification with mapping allowed peaked at 3.4 GB), until RLIMIT_DATA (12 GiB)
/// stopped an allocation inside <c>masked_fill</c>. Mapped blocks go back to the system when freed, so verification
/// stays at its live size. The benchmark keeps the environment's policy: there, reusing freed memory is what makes
/// eager and kernel timings fair (no page faults per call).
/// </remarks>
public static class VerificationHeap
{
    /// <summary>glibc's mallopt parameter for the largest number of mapped blocks.</summary>
    const int MmapMaxParameter = -4;

    /// <summary>glibc's default for that parameter (DEFAULT_MMAP_MAX).</summary>
    const int GlibcDefaultMmapMax = 65536;

    /// <summary>The environment variable glibc reads at start-up for that parameter.</summary>
    const string MmapMaxVariable = "MALLOC_MMAP_MAX_";

    /// <summary>
    /// Allows mapped blocks until the returned scope is disposed, then restores the environment's limit. Does nothing
    /// where the environment does not disable mapping, or where the C library is not glibc.
    /// </summary>
    public static IDisposable MapLargeAllocations() => MapLargeAllocations(EnvironmentMmapMax());

    /// <param name="environmentMmapMax">The limit the process started with (from <c>MALLOC_MMAP_MAX_</c>), restored on dispose; null when unset.</param>
    internal static IDisposable MapLargeAllocations(int? environmentMmapMax)
    {
        if (environmentMmapMax is not { } restore || restore > 0 || !TrySetMmapMax(GlibcDefaultMmapMax)) return NoChange.Instance;
        return new Restore(restore);
    }

    static int? EnvironmentMmapMax() =>
        int.TryParse(Environment.GetEnvironmentVariable(MmapMaxVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    static bool TrySetMmapMax(int value)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return mallopt(MmapMaxParameter, value) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc")]
    static extern int mallopt(int parameter, int value);

    sealed class Restore(int mmapMax) : IDisposable
    {
        bool disposed;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            TrySetMmapMax(mmapMax);
        }
    }

    sealed class NoChange : IDisposable
    {
        public static readonly NoChange Instance = new();

        public void Dispose() { }
    }
}
