using KernelGen.Engine.Benchmarking;
using System.Globalization;

namespace QuickStart.Demo;

static class ResultTable
{
    public static void Print(IReadOnlyList<DemoResult> results)
    {
        string[] header = ["module", "variant", "bake status", "max err forward", "max err reference", "cold reference", "cold forward", "cold speedup (95 % CI)", "warm speedup (95 % CI)", "cold forward GB/s", "% of peak"];
        var rows = results.Select(r => new[]
        {
            r.Module,
            r.Variant ?? "reference",
            r.Status.ToString(),
            Format("{0:0.00e+00}{1}", r.ForwardError, r.WithinTolerance ? "" : " (!)"),
            Format("{0:0.00e+00}", r.ReferenceError),
            Format("{0:F2} ms", r.Cold.ReferenceMedianMs),
            Format("{0:F2} ms", r.Cold.CandidateMedianMs),
            Speedup(r.Cold),
            Speedup(r.Warm),
            Format("{0:F1}", r.ColdSpeedOfLight.CandidateBandwidthGBs),
            Format("{0:F0} %", r.ColdSpeedOfLight.CandidateBandwidthPercent),
        }).ToList();

        var widths = header.Select((h, column) => rows.Select(row => row[column].Length).Append(h.Length).Max()).ToArray();
        // Text columns align left, numbers right.
        string Line(string[] cells) => string.Join("  ", cells.Select((cell, column) => column < 3 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column])));
        Console.WriteLine(Line(header));
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows) Console.WriteLine(Line(row));
        Console.WriteLine("max err: max |result - float64 oracle| / max |oracle|; (!) marks a result outside the reference tolerance.");
        Console.WriteLine("cold: caches flushed before every sample; warm: not. GB/s: inputs + state + output once each / cold median.");
        foreach (var r in results.Where(r => r.Cold.TooSmallToMeasure || r.Warm.TooSmallToMeasure))
            Console.WriteLine($"{r.Module}: a median is too small to measure more than call overhead.");
        foreach (var r in results.Where(r => r.Cold.ReferenceOutliers + r.Cold.CandidateOutliers + r.Warm.ReferenceOutliers + r.Warm.CandidateOutliers > 0))
            Console.WriteLine($"{r.Module}: samples beyond 3 MAD (kept): cold {r.Cold.ReferenceOutliers} + {r.Cold.CandidateOutliers}, warm {r.Warm.ReferenceOutliers} + {r.Warm.CandidateOutliers}.");
    }

    static string Speedup(HarnessMeasurement m) => Format("{0:F2}x ({1:F2}–{2:F2})", m.Speedup, m.SpeedupCi95.Low, m.SpeedupCi95.High);

    static string Format(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}
