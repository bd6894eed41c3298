using System.Runtime.CompilerServices;

namespace KernelGen.Engine.Benchmarking;

/// <summary>
/// Evicts the caches between cold samples: every core reads its share of a buffer several times the size of the
/// last-level cache, one load per 64-byte line. All cores take part because the private L1/L2 caches of a core that
/// did not run the flush would otherwise keep their lines. The buffer is written once, when it is created, and only
/// read afterwards: a flush that wrote would leave up to an LLC's worth of dirty lines whose write-back would then
/// happen inside the next timed call, adding traffic that belongs to neither side.
/// </summary>
public sealed class CacheFlusher
{
    /// <summary>The buffer is this many times the last-level cache: with an LRU-like policy two passes of 1x may leave lines behind.</summary>
    public const int LastLevelCacheMultiple = 3;

    /// <summary>Used when sysfs does not tell the last-level cache's size.</summary>
    public const long FallbackBytes = 256L << 20;

    const string L3SizeFile = "/sys/devices/system/cpu/cpu0/cache/index3/size";

    readonly long[] buffer;

    const int LongsPerLine = 64 / sizeof(long);

    /// <summary>A flusher of <paramref name="bytes"/>, rounded up to whole 64-byte lines.</summary>
    public CacheFlusher(long bytes)
    {
        buffer = new long[Math.Max(1, (bytes + 63) / 64) * LongsPerLine];
        // Every page is touched now, so no flush pays page faults, and every line holds 1 for the checksum.
        buffer.AsSpan().Fill(1);
    }

    /// <summary>A flusher sized <see cref="LastLevelCacheMultiple"/> × the machine's last-level cache.</summary>
    public static CacheFlusher ForThisMachine() =>
        new(LastLevelCacheBytes() is { } llc ? LastLevelCacheMultiple * llc : FallbackBytes);

    public long Bytes => buffer.LongLength * sizeof(long);

    /// <summary>The L3 size from sysfs (e.g. <c>32768K</c>), or null when it cannot be read.</summary>
    public static long? LastLevelCacheBytes()
    {
        try
        {
            return File.Exists(L3SizeFile) ? ParseCacheSize(File.ReadAllText(L3SizeFile)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Parses sysfs cache sizes: a number with an optional K, M or G suffix.</summary>
    public static long? ParseCacheSize(string text)
    {
        text = text.Trim();
        if (text.Length == 0) return null;
        var (digits, scale) = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => (text[..^1], 1L << 10),
            'M' => (text[..^1], 1L << 20),
            'G' => (text[..^1], 1L << 30),
            _ => (text, 1L),
        };
        return long.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 ? value * scale : null;
    }

    /// <summary>Reads every line of the buffer; returns the sum of the values read (one per line) so the work cannot be elided.</summary>
    public long Flush()
    {
        var parts = Environment.ProcessorCount;
        var sums = new long[parts];
        Parallel.For(0, parts, part =>
        {
            var (start, end) = Range(part, parts);
            sums[part] = Sum(buffer.AsSpan(start, end - start));
        });
        return sums.Sum();
    }

    /// <summary>Part boundaries fall on whole lines, so no line is shared between cores and each is read exactly once.</summary>
    (int Start, int End) Range(int part, int parts)
    {
        long lines = buffer.Length / LongsPerLine;
        return ((int)(lines * part / parts * LongsPerLine), (int)(lines * (part + 1) / parts * LongsPerLine));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long Sum(Span<long> span)
    {
        long sum = 0;
        // One read per 64-byte line is enough to bring every line in.
        for (var i = 0; i < span.Length; i += LongsPerLine) sum += span[i];
        return sum;
    }
}
