using KernelGen.Engine.Benchmarking;

namespace KernelGen.Engine.Tests.Benchmarking;

public sealed class CacheFlusherTests
{
    [Theory]
    [InlineData("32768K\n", 32L << 20)]
    [InlineData("1M", 1L << 20)]
    [InlineData("2G", 2L << 30)]
    [InlineData("4096", 4096L)]
    [InlineData("", null)]
    [InlineData("lots", null)]
    [InlineData("-8K", null)]
    public void Sysfs_cache_sizes_are_parsed(string text, long? expected) => Assert.Equal(expected, CacheFlusher.ParseCacheSize(text));

    [Fact]
    public void The_machine_flusher_is_a_multiple_of_the_last_level_cache_or_the_fallback()
    {
        var expected = CacheFlusher.LastLevelCacheBytes() is { } llc ? CacheFlusher.LastLevelCacheMultiple * llc : CacheFlusher.FallbackBytes;
        Assert.Equal(expected, CacheFlusher.ForThisMachine().Bytes);
    }

    [Fact]
    public void Each_flush_reads_every_line_of_the_buffer_once()
    {
        // Every line holds 1, so the sum of what a flush read is the number of lines it read.
        var flusher = new CacheFlusher(1 << 20);
        Assert.Equal(flusher.Bytes / 64, flusher.Flush());
        Assert.Equal(flusher.Bytes / 64, flusher.Flush());
        Assert.Equal(64 * 5, new CacheFlusher(64 * 4 + 1).Bytes);
    }
}
