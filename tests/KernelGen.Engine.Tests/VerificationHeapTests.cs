using System.Runtime.InteropServices;
using KernelGen.Engine.Verification;

namespace KernelGen.Engine.Tests;

/// <summary>
/// While verifying, large blocks are mapped even when the worker's environment (<c>MALLOC_MMAP_MAX_=0</c>) disabled
/// mapping, and the environment's policy is back for the benchmark. Observed directly, on glibc's own record of how it
/// got each block.
/// </summary>
public sealed class VerificationHeapTests
{
    const int MmapMaxParameter = -4;
    const int GlibcDefaultMmapMax = 65536;
    const nuint LargeBlock = 40 << 20;

    [Fact]
    public void Large_blocks_are_mapped_while_verifying_and_not_afterwards()
    {
        if (!OperatingSystem.IsLinux()) return;
        // What the worker's environment does at start-up, done here at run time (glibc reads the variable only once).
        Assert.Equal(1, mallopt(MmapMaxParameter, 0));
        try
        {
            Assert.False(Mapped(), "with mapping disabled a 40 MiB block should come from an arena");
            using (VerificationHeap.MapLargeAllocations(environmentMmapMax: 0))
                Assert.True(Mapped(), "while verifying a 40 MiB block should be mapped");
            Assert.False(Mapped(), "after verification the environment's policy (no mapping) should be back");
        }
        finally
        {
            mallopt(MmapMaxParameter, GlibcDefaultMmapMax);
        }
    }

    [Fact]
    public void Nothing_changes_where_the_environment_allows_mapping()
    {
        if (!OperatingSystem.IsLinux()) return;
        using (VerificationHeap.MapLargeAllocations(environmentMmapMax: null))
            Assert.True(Mapped(), "with glibc's defaults a 40 MiB block is mapped");
        using (VerificationHeap.MapLargeAllocations(environmentMmapMax: 1000))
            Assert.True(Mapped(), "with glibc's defaults a 40 MiB block is mapped");
    }

    /// <summary>
    /// Allocates and frees one large block; whether glibc mapped it on its own (the IS_MMAPPED bit, 2, of the chunk's
    /// size word just before the block). 40 MiB is above any dynamic mmap threshold (at most 32 MiB) and below the size of
    /// a thread arena's heap (64 MiB), so with mapping disabled a test thread's arena holds it instead.
    /// </summary>
    static unsafe bool Mapped()
    {
        var block = NativeMemory.Alloc(LargeBlock);
        try
        {
            return (((nuint*)block)[-1] & 2) != 0;
        }
        finally
        {
            NativeMemory.Free(block);
        }
    }

    [DllImport("libc")]
    static extern int mallopt(int parameter, int value);
}
