using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KernelGen.Cli.Inspection;
using KernelGen.Engine.Cache;
using KernelGen.Engine.Verification;

namespace KernelGen.Cli.Reporting;

/// <summary>
/// The report as one self-contained HTML file: inline CSS, charts as base64 PNG, no script, nothing fetched. Every
/// string that comes from a lock file is HTML-encoded (locks are untrusted input).
/// </summary>
static class HtmlReport
{
    /// <summary>The page for <paramref name="modules"/>; <paramref name="title"/> names the project.</summary>
    public static string Render(string title, string cacheDir, IReadOnlyList<ModuleInspection> modules, DateTime generatedUtc)
    {
        var reported = modules.Select(m => new ReportedModule(m)).ToList();
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>KernelGen report: {H(title)}</title>
            <style>{Css}</style>
            </head>
            <body>
            <h1>KernelGen report: {H(title)}</h1>
            <p class="meta">Kernel cache {H(cacheDir)} · generated {generatedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC ·
            read from the lock files only: kernel files are checked against their sha256, reference fingerprints are not compared
            (<code>kernelgen list</code> does that). Speedups are cold-cache medians of interleaved samples with 95 % bootstrap intervals.</p>

            """);
        Summary(html, reported);
        Charts(html, reported);
        html.Append("<h2 id=\"evidence\">Evidence</h2>\n");
        for (var i = 0; i < reported.Count; i++) Evidence(html, reported[i].Inspection, i);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    static void Summary(StringBuilder html, IReadOnlyList<ReportedModule> modules)
    {
        html.Append("<h2 id=\"summary\">Summary</h2>\n");
        if (modules.Count == 0)
        {
            html.Append("<p>No kernel cache: no module has a lock file yet.</p>\n");
            return;
        }
        html.Append("<table id=\"summary-table\"><thead><tr><th>module</th><th>state</th><th>variants</th><th>dispatched / best</th><th>speedup (95 % CI)</th><th>% speed of light</th><th>reference median</th><th>kernel median</th><th>provenance</th></tr></thead><tbody>\n");
        foreach (var module in modules)
        {
            var m = module.Inspection;
            var best = module.Best;
            var b = best?.Benchmark;
            html.Append($"<tr class=\"module-row\"><td>{H(m.Module)}</td><td class=\"state {StateClass(m.State)}\">{H(StateName(m.State))}</td><td>{m.Variants.Count}</td>")
                .Append($"<td>{(best is null ? "none (reference)" : H(best.Entry.Id) + (best.Entry.Selected ? " (selected)" : " (not selected)"))}</td>")
                .Append($"<td>{(best is null ? "" : H(VariantFacts.Speedup(best)))}</td>")
                .Append($"<td>{(best is null ? "" : Percent(VariantFacts.SpeedOfLightPercent(best)))}</td>")
                .Append($"<td>{(b is null ? "" : Ms(b.ReferenceMedianMs))}</td><td>{(b is null ? "" : Ms(b.CandidateMedianMs))}</td>")
                .Append($"<td>{(best is null ? "" : H(VariantFacts.Provenance(best)))}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    static void Charts(StringBuilder html, IReadOnlyList<ReportedModule> modules)
    {
        html.Append("<h2 id=\"charts\">Charts</h2>\n");
        var measured = modules.Where(m => m.Best?.Benchmark is not null).ToList();
        if (measured.Count == 0)
        {
            html.Append("<p>No benchmarked kernel: nothing to chart.</p>\n");
            return;
        }
        Figure(html, "chart-speedup", ReportCharts.Speedup(modules),
            "Speedup of each module's dispatched (or best verified) kernel over its reference, with the 95 % bootstrap confidence interval; the dashed line is 1×. A kernel is dispatched only when the whole interval is above it.");
        Figure(html, "chart-speed-of-light", ReportCharts.SpeedOfLight(modules),
            "Achieved memory bandwidth (bytes moved / median time) as a percentage of this machine's measured peak, for the reference and the kernel.");
        var speedups = modules.Select(m => m.Best?.Benchmark?.Speedup).ToList();
        var lowerBounds = modules.Select(m => m.Best?.Benchmark?.SpeedupCi95Low).ToList();
        var thresholds = FastP.Thresholds(speedups.OfType<double>());
        Figure(html, "chart-fast-p", ReportCharts.FastPCurve(thresholds, FastP.Curve(speedups, thresholds), FastP.Curve(lowerBounds, thresholds)),
            $"fast_p over {modules.Count} module(s): the fraction whose kernel is verified (with intact files) and more than p times faster than the reference. Modules without such a kernel count as not correct.");
        Figure(html, "chart-baseline", ReportCharts.Baseline(modules),
            "Baseline comparison: median time per call of the reference (TorchSharp eager) and of the kernel, cold caches.");
    }

    static void Figure(StringBuilder html, string id, byte[] png, string caption) =>
        html.Append($"<figure><img id=\"{id}\" class=\"chart\" alt=\"{H(caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"><figcaption>{H(caption)}</figcaption></figure>\n");

    static void Evidence(StringBuilder html, ModuleInspection m, int index)
    {
        html.Append($"<section class=\"module\" id=\"module-{index}\"><h3>{H(m.Module)} <span class=\"state {StateClass(m.State)}\">{H(StateName(m.State))}</span></h3>\n");
        if (m.Problem is not null) html.Append($"<p class=\"problem\">{H(m.Problem)}</p>\n");
        if (m.Fix is not null) html.Append($"<p class=\"fix\">Fix: {H(m.Fix)}</p>\n");
        if (m.Lock is { } kernelLock)
            html.Append($"<p class=\"meta\">fingerprint <code>{H(kernelLock.Fingerprint)}</code> · contract: {H(Contract(kernelLock.Contract))}</p>\n");
        foreach (var v in m.Variants) Variant(html, v);
        html.Append("</section>\n");
    }

    static void Variant(StringBuilder html, VariantInspection v)
    {
        var e = v.Entry;
        html.Append($"<div class=\"variant\"><h4>{H(e.Id)}</h4>\n");
        Table(html, "variant-facts", null, [
            ["status", e.Status == VariantStatus.Verified ? "verified" : $"rejected by {v.FailingCheck ?? "?"}"],
            ["selected", e.Selected ? "yes" : "no"],
            ["backend / dtype", $"{e.Backend} / {e.Dtype}"],
            ["entry point", e.EntryPoint],
            ["file", $"{e.File} ({FileStateText(v.File)})"],
            ["sha256", e.Sha256],
            ["shape domain", ShapeDomain(e.ShapeDomain)],
            ["provenance", $"{VariantFacts.Provenance(v)}, created {e.Provenance.CreatedUtc}{(e.Provenance.PromptTemplateSha256 is { } t ? $", prompt template {t}" : "")}"],
        ]);
        if (e.Status == VariantStatus.Rejected)
            html.Append($"<p class=\"problem\">{H((string?)e.Verification["reason"] is { } reason ? reason : "no reason recorded")}</p>\n");
        if (v.EvidenceProblem is not null) html.Append($"<p class=\"problem\">{H(v.EvidenceProblem)}</p>\n");
        if (v.Verification is { } ver) Verification(html, ver);
        if (v.Benchmark is { } bench) Benchmark(html, bench);
        html.Append("</div>\n");
    }

    static void Verification(StringBuilder html, VerificationEvidence ver)
    {
        html.Append("<h5>Verification</h5>\n");
        Table(html, "verification", null, [
            ["trials", ver.Trials.ToString(CultureInfo.InvariantCulture)],
            ["seed", ver.Seed.ToString(CultureInfo.InvariantCulture)],
            ["oracle", ver.Oracle],
            ["error metric", ver.ErrorMetric],
            ["tolerance", $"candidate error <= {G(ver.ErrorFactor)} × reference error + {G(ver.ErrorFloor)}"],
            ["max error ratio (accepted when <= 1)", G(ver.MaxErrorRatio)],
            ["max candidate / reference error", $"{G(ver.MaxCandidateError)} / {G(ver.MaxReferenceError)}"],
            ["poisoned outputs", string.Join(", ", ver.Poisons)],
            ["checks passed", string.Join(", ", ver.ChecksPassed)],
            ["degenerate outputs", ver.DegenerateOutputs.Count == 0 ? "none found" : string.Join("; ", ver.DegenerateOutputs)],
            ["time", $"{G(ver.Seconds)} s"],
        ]);
        Table(html, "distributions", ["input distribution", "trials", "max candidate error", "max reference error", "max error ratio"],
            [.. ver.Distributions.Select(d => new[] { d.Name, d.Trials.ToString(CultureInfo.InvariantCulture), G(d.MaxCandidateError), G(d.MaxReferenceError), G(d.MaxErrorRatio) })]);
        Table(html, "shapes", ["argument shapes", "trials"],
            [.. ver.Shapes.Select(s => new[] { string.Join(" · ", s.Arguments.Select(a => $"[{string.Join(", ", a)}]")), s.Trials.ToString(CultureInfo.InvariantCulture) })]);
    }

    static void Benchmark(StringBuilder html, BenchmarkResult b)
    {
        html.Append("<h5>Benchmark</h5>\n");
        var rows = new List<string[]>
        {
            new[] { "machine", $"{b.Machine.Cpu}, {b.Machine.LogicalCores} logical cores, {b.Machine.Os}, {b.Machine.Runtime}" },
            new[] { "environment", string.Join(", ", b.Machine.Environment.Select(kv => $"{kv.Key}={kv.Value}")) },
            new[] { "baseline", b.Baseline },
            new[] { "timing", b.Timing },
            new[] { "samples", $"{b.ReferenceSamplesMs.Count} reference + {b.CandidateSamplesMs.Count} kernel, after {b.WarmupRuns} warm-up runs{(b.WarmupStable ? "" : " (warm-up did not settle)")}" },
            new[] { "medians (cold)", $"reference {Ms(b.ReferenceMedianMs)}, kernel {Ms(b.CandidateMedianMs)}" },
            new[] { "speedup (cold)", $"{G(b.Speedup)} (95 % CI {G(b.SpeedupCi95Low)}–{G(b.SpeedupCi95High)}, {b.BootstrapResamples} bootstrap resamples, seed {b.BootstrapSeed})" },
            new[] { "sample ranges", $"reference {Range(b.ReferenceSamplesMs)}, kernel {Range(b.CandidateSamplesMs)}" },
            new[] { "outliers (>3 MAD, kept)", $"reference {b.ReferenceOutliers}, kernel {b.CandidateOutliers}" },
            new[] { "too small to measure", b.TooSmallToMeasure ? "yes (never selected)" : "no" },
        };
        if (b.SpeedOfLight is { } s)
            rows.Add(["speed of light", $"kernel {G(s.CandidateBandwidthGBs)} GB/s = {Percent(s.CandidateBandwidthPercent)} of peak {G(s.PeakBandwidthGBs)} GB/s (reference {Percent(s.ReferenceBandwidthPercent)}); {s.BytesMoved} bytes moved"]);
        if (b.LoadAverage is [var before, var after]) rows.Add(["load average", $"{G(before)} → {G(after)}"]);
        if (b.Warm is { } w)
            rows.Add(["warm caches", $"reference {Ms(w.ReferenceMedianMs)}, kernel {Ms(w.CandidateMedianMs)}, speedup {G(w.Speedup)} (95 % CI {G(w.SpeedupCi95Low)}–{G(w.SpeedupCi95High)})"]);
        Table(html, "benchmark", null, rows);
    }

    static void Table(StringBuilder html, string cssClass, string[]? header, IReadOnlyList<string[]> rows)
    {
        html.Append($"<table class=\"{cssClass}\">");
        if (header is not null) html.Append("<thead><tr>").AppendJoin("", header.Select(h => $"<th>{H(h)}</th>")).Append("</tr></thead>");
        html.Append("<tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++) html.Append(header is null && i == 0 ? $"<th>{H(row[i])}</th>" : $"<td>{H(row[i])}</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>\n");
    }

    static string Contract(KernelContract c) =>
        string.Join(", ", c.Inputs.Concat(c.State).Select(t => $"{t.Name}: {t.Dtype}[{string.Join(", ", t.Shape)}]"))
        + $" → {c.Output.Dtype}[{string.Join(", ", c.Output.Shape)}]; {c.BytesMoved} bytes moved";

    static string ShapeDomain(ShapeDomainSpec d) =>
        string.Join(" · ", d.Arguments.Select(a => $"[{string.Join(", ", a)}]")) + $" → [{string.Join(", ", d.Output)}]"
        + (d.Symbols.Count == 0 ? "" : "; " + string.Join(", ", d.Symbols.Select(s => $"{s.Name} in {s.Min}..{s.Max}")));

    static string FileStateText(KernelFileState state) => state switch
    {
        KernelFileState.Intact => "matches the lock",
        KernelFileState.Missing => "MISSING",
        _ => "DIFFERS from the lock",
    };

    static string StateName(ModuleCacheState state) => JsonSerializer.Serialize(state).Trim('"');

    static string StateClass(ModuleCacheState state) => state is ModuleCacheState.Fresh or ModuleCacheState.Intact ? "good" : "bad";

    static string Range(IReadOnlyList<double> samples) => samples.Count == 0 ? "none" : $"{Ms(samples.Min())}–{Ms(samples.Max())}";

    static string Ms(double ms) => string.Create(CultureInfo.InvariantCulture, $"{ms:0.###} ms");

    static string Percent(double? percent) => percent is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p:F0} %") : "not measured";

    static string G(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    static string H(string text) => HtmlEncoder.Default.Encode(text);

    const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
        h1{font-size:1.6rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
        table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
        th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
        thead th{background:#f4f4f4}tbody th{background:#fafafa;font-weight:600;white-space:nowrap}
        .meta{color:#555;font-size:.9rem}.state.good{color:#1a7f37}.state.bad{color:#b42318;font-weight:600}
        .problem{color:#b42318}.fix{color:#7a4d00}figure{margin:1rem 0}img.chart{max-width:100%;border:1px solid #eee}
        figcaption{color:#555;font-size:.85rem;max-width:880px}.variant{margin-left:1rem}code{font-size:.85rem}
        """;
}
