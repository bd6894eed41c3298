using System.Globalization;

namespace QuickStart.Demo;

static class ResultTable
{
    public static void Print(IReadOnlyList<DemoResult> results)
    {
        string[] header = ["module", "variant", "bake status", "max err forward", "max err reference", "reference", "forward", "speedup"];
        var rows = results.Select(r => new[]
        {
            r.Module,
            r.Variant ?? "reference",
            r.Status.ToString(),
            Format("{0:0.00e+00}{1}", r.ForwardError, r.WithinTolerance ? "" : " (!)"),
            Format("{0:0.00e+00}", r.ReferenceError),
            Format("{0:F2} ms", r.ReferenceMs),
            Format("{0:F2} ms", r.ForwardMs),
            Format("{0:F2}x", r.Speedup),
        }).ToList();

        var widths = header.Select((h, column) => rows.Select(row => row[column].Length).Append(h.Length).Max()).ToArray();
        // Text columns align left, numbers right.
        string Line(string[] cells) => string.Join("  ", cells.Select((cell, column) => column < 3 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column])));
        Console.WriteLine(Line(header));
        Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows) Console.WriteLine(Line(row));
        Console.WriteLine("max err: max |result - float64 oracle| / max |oracle|; (!) marks a result outside the reference tolerance.");
    }

    static string Format(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}
