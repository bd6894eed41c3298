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
    public void Each_flush_writes_new_values_into_the_whole_buffer()
    {
        var flusher = new CacheFlusher(1 << 20);
        var lines = flusher.Bytes / 64;
        // The sum of one value per line after the n-th flush is n × lines: every line was written and read.
        Assert.Equal(lines, flusher.Flush());
        Assert.Equal(2 * lines, flusher.Flush());
    }
}
