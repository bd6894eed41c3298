using ScottPlot;

namespace KernelGen.Cli.Reporting;

/// <summary>The report's charts, drawn with ScottPlot and returned as PNG bytes to embed in the page.</summary>
static class ReportCharts
{
    const int Width = 880;
    const int Height = 380;
    static readonly Color Kernel = Color.FromHex("#1f77b4");
    static readonly Color Reference = Color.FromHex("#aaaaaa");

    /// <summary>Each module's speedup (cold) with its 95 % bootstrap confidence interval, against the 1× line.</summary>
    public static byte[] Speedup(IReadOnlyList<ReportedModule> modules)
    {
        var plot = new Plot();
        var measured = modules.Select((m, i) => (m, i)).Where(x => x.m.Best?.Benchmark is not null).ToList();
        plot.Add.Bars(measured.Select(x => new Bar { Position = x.i, Value = x.m.Best!.Benchmark!.Speedup, FillColor = Kernel }).ToList());
        if (measured.Count > 0)
        {
            // Bars' own error bars are symmetric; a bootstrap interval is not, so it is drawn as separate error bars.
            var benchmarks = measured.Select(x => x.m.Best!.Benchmark!).ToList();
            var interval = plot.Add.ErrorBar(
                [.. measured.Select(x => (double)x.i)], [.. benchmarks.Select(b => b.Speedup)], [.. benchmarks.Select(_ => 0.0)]);
            interval.YErrorPositive = [.. benchmarks.Select(b => b.SpeedupCi95High - b.Speedup)];
            interval.YErrorNegative = [.. benchmarks.Select(b => b.Speedup - b.SpeedupCi95Low)];
            interval.Color = Colors.Black;
            interval.LineWidth = 2;
        }
        var line = plot.Add.HorizontalLine(1.0);
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.Black;
        Finish(plot, modules, "Speedup over the reference (cold, 95 % CI)", "speedup (×)");
        return Png(plot);
    }

    /// <summary>Bandwidth as a percentage of the machine's measured peak: kernel and reference side by side.</summary>
    public static byte[] SpeedOfLight(IReadOnlyList<ReportedModule> modules) =>
        ReferenceAndKernelBars(modules,
            m => m.Best?.Benchmark?.SpeedOfLight is { } s ? (s.ReferenceBandwidthPercent, s.CandidateBandwidthPercent) : null,
            "reference", "Speed of light: % of the machine's peak memory bandwidth", "% of peak");

    /// <summary>Median times of the reference (the baseline, TorchSharp eager) and of the kernel, cold.</summary>
    public static byte[] Baseline(IReadOnlyList<ReportedModule> modules) =>
        ReferenceAndKernelBars(modules,
            m => m.Best?.Benchmark is { } b ? (b.ReferenceMedianMs, b.CandidateMedianMs) : null,
            "reference (baseline)", "Baseline comparison: median time per call (cold)", "milliseconds");

    /// <summary>One pair of bars per module that has the values: reference on the left, kernel on the right.</summary>
    static byte[] ReferenceAndKernelBars(IReadOnlyList<ReportedModule> modules, Func<ReportedModule, (double Reference, double Kernel)?> values,
        string referenceLabel, string title, string axis)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < modules.Count; i++)
        {
            if (values(modules[i]) is not { } pair) continue;
            bars.Add(new Bar { Position = i - 0.2, Value = pair.Reference, Size = 0.38, FillColor = Reference });
            bars.Add(new Bar { Position = i + 0.2, Value = pair.Kernel, Size = 0.38, FillColor = Kernel });
        }
        plot.Add.Bars(bars);
        Legend(plot, (referenceLabel, Reference), ("kernel", Kernel));
        Finish(plot, modules, title, axis);
        return Png(plot);
    }

    /// <summary>fast_p for p over a range: with the point estimate of each speedup, and with its CI lower bound.</summary>
    public static byte[] FastPCurve(double[] thresholds, double[] pointEstimate, double[] lowerBound)
    {
        var plot = new Plot();
        var point = plot.Add.Scatter(thresholds, pointEstimate);
        point.LegendText = "speedup (point estimate)";
        point.MarkerSize = 0;
        point.LineWidth = 2;
        point.Color = Kernel;
        var low = plot.Add.Scatter(thresholds, lowerBound);
        low.LegendText = "speedup 95 % CI lower bound";
        low.MarkerSize = 0;
        low.LineWidth = 2;
        low.LinePattern = LinePattern.Dashed;
        low.Color = Colors.OrangeRed;
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title("fast_p: fraction of modules correct and faster than p × baseline");
        plot.XLabel("p (speedup threshold)");
        plot.YLabel("fraction of modules");
        plot.Axes.SetLimitsY(0, 1.05);
        plot.Axes.SetLimitsX(0, thresholds[^1]);
        return Png(plot);
    }

    static void Legend(Plot plot, params (string Label, Color Color)[] items)
    {
        foreach (var (label, color) in items) plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        plot.ShowLegend(Alignment.UpperRight);
    }

    static void Finish(Plot plot, IReadOnlyList<ReportedModule> modules, string title, string yLabel)
    {
        plot.Axes.Bottom.SetTicks([.. modules.Select((_, i) => (double)i)], [.. modules.Select(m => m.ShortName)]);
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(-0.6, modules.Count - 0.4);
        plot.Title(title);
        plot.YLabel(yLabel);
    }

    static byte[] Png(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);
}
