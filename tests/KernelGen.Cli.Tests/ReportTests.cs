using System.Text.Json.Nodes;
using KernelGen.Cli.Inspection;
using KernelGen.Cli.Reporting;
using KernelGen.Engine.Cache;
using Microsoft.Playwright;

namespace KernelGen.Cli.Tests;

/// <summary>
/// The HTML report: fast_p, escaping of untrusted lock content, and the page rendered in a real headless browser
/// (Debian's chromium, which .ci/run installs) with its screenshot kept under artifacts/test-results/.
/// </summary>
public class ReportTests
{
    const string Hostile = "<script>alert('lock')</script><img src=x onerror=alert(1)>";

    /// <summary>A copy of the QuickStart kernels with hostile text in one lock and an edited kernel in another.</summary>
    static KernelsCopy HostileCopy()
    {
        var copy = new KernelsCopy();
        var lockPath = copy.PathOf("QuickStart.SwiGluGate/kernelgen.lock.json");
        var json = JsonNode.Parse(File.ReadAllText(lockPath))!;
        var variant = json["variants"]![0]!;
        variant["provenance"]!["origin"] = "llm";
        variant["provenance"]!["provider"] = Hostile;
        variant["provenance"]!["model"] = "m\"odel&<b>";
        variant["verification"]!["distributions"]![0]!["name"] = Hostile;
        variant["benchmark"]!["machine"]!["cpu"] = Hostile;
        File.WriteAllText(lockPath, json.ToJsonString());
        File.AppendAllText(copy.PathOf(KernelsCopy.RmsNormKernel), "// edited after verification\n");
        return copy;
    }

    static string Render(KernelsCopy copy) =>
        HtmlReport.Render("QuickStart", copy.Root, CacheInspector.Inspect(new KernelCache(copy.Root), null, "/p/QuickStart.csproj"), new DateTime(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Fast_p_counts_modules_with_a_correct_kernel_faster_than_p()
    {
        double?[] speedups = [2.0, null, 1.5];

        Assert.Equal([1.0 * 2 / 3, 1.0 / 3, 1.0 / 3, 0.0], FastP.Curve(speedups, [0.0, 1.5, 1.9, 2.0]));
        Assert.Equal([0.0], FastP.Curve([], [1.0]));
        var thresholds = FastP.Thresholds([6.1]);
        Assert.Equal(0.0, thresholds[0]);
        Assert.True(thresholds[^1] >= 6.5, $"the curve must reach past the largest speedup, ends at {thresholds[^1]}");
    }

    [Fact]
    public void Text_from_lock_files_is_html_encoded()
    {
        using var copy = HostileCopy();

        var html = Render(copy);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public void A_tampered_module_is_shown_with_its_problem_and_left_out_of_the_charts()
    {
        using var copy = HostileCopy();

        var modules = CacheInspector.Inspect(new KernelCache(copy.Root), null, "/p/QuickStart.csproj").Select(m => new ReportedModule(m)).ToList();
        var html = Render(copy);

        Assert.Null(modules.Single(m => m.Inspection.Module == KernelsCopy.RmsNorm).Best);
        Assert.Contains("differs from the lock&#x27;s sha256", html);
        Assert.Contains("DIFFERS from the lock", html);
    }

    public static TheoryData<JsonNode> ImplausibleSpeedups => [JsonValue.Create("NaN")!, JsonValue.Create("Infinity")!, JsonValue.Create(1e300)!];

    [Theory]
    [MemberData(nameof(ImplausibleSpeedups))]
    public void Implausible_speedups_in_a_lock_are_left_out_of_the_charts_not_a_crash(JsonNode speedup)
    {
        using var copy = new KernelsCopy();
        var lockPath = copy.PathOf(KernelsCopy.RmsNormLock);
        var json = JsonNode.Parse(File.ReadAllText(lockPath))!;
        json["variants"]![0]!["benchmark"]!["speedup"] = speedup.DeepClone(); // the evidence format reads "NaN" and "Infinity" as numbers
        File.WriteAllText(lockPath, json.ToJsonString());

        var modules = CacheInspector.Inspect(new KernelCache(copy.Root), null, "/p/QuickStart.csproj").Select(m => new ReportedModule(m)).ToList();
        var html = Render(copy);

        var rmsNorm = modules.Single(m => m.Inspection.Module == KernelsCopy.RmsNorm);
        Assert.NotNull(rmsNorm.Inspection.Variants.Single(v => v.Entry.Backend == "cpu").Benchmark);
        Assert.Null(rmsNorm.Best);
        Assert.Equal(4, html.Split("data:image/png;base64,").Length - 1);
    }

    [ChromiumFact]
    public async Task The_report_renders_in_headless_chromium_with_charts_rows_and_evidence()
    {
        Assert.True(File.Exists(ChromiumFactAttribute.Chromium),
            $"{ChromiumFactAttribute.Chromium} is missing: .ci/run installs Debian's chromium (apt-get install chromium); in CI this test fails rather than skips");
        using var copy = HostileCopy();
        var page = Path.Combine(TestPaths.Artifacts, "kernelgen-report.html");
        File.WriteAllText(page, Render(copy));
        var screenshot = Path.Combine(TestPaths.Artifacts, "kernelgen-report.png");
        File.Delete(screenshot);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox"], // CI runs as root, where chromium's sandbox cannot start
        });
        var tab = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 900 } });
        var problems = new List<string>();
        var requests = new List<string>();
        tab.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add($"console {message.Type}: {message.Text}"); };
        tab.PageError += (_, error) => problems.Add($"page error: {error}");
        tab.Dialog += (_, dialog) => problems.Add($"a script ran: {dialog.Message}");
        tab.Request += (_, request) => requests.Add(request.Url);

        await tab.GotoAsync(new Uri(page).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });

        Assert.Equal("KernelGen report: QuickStart", await tab.TitleAsync());
        Assert.Equal("KernelGen report: QuickStart", await tab.Locator("h1").InnerTextAsync());
        var rows = await tab.Locator("#summary-table tbody tr").AllInnerTextsAsync();
        Assert.Equal(3, rows.Count);
        Assert.Contains("QuickStart.RmsNorm", rows[0]);
        Assert.Contains("tampered", rows[0]);
        Assert.Contains("QuickStart.RotaryEmbedding", rows[1]);
        Assert.Matches(@"rope-avx2-tokens \(selected\)\s+\d+\.\d\dx \(95 % CI", rows[1]);

        var images = await tab.EvaluateAsync<ImageState[]>(
            "() => [...document.images].map(i => ({ id: i.id, complete: i.complete, width: i.naturalWidth, height: i.naturalHeight, shownWidth: i.getBoundingClientRect().width }))");
        Assert.Equal(["chart-speedup", "chart-speed-of-light", "chart-fast-p", "chart-baseline"], images.Select(i => i.Id));
        Assert.All(images, i => Assert.True(i.Complete && i.Width == 880 && i.Height == 380 && i.ShownWidth > 0, $"{i} did not load"));

        var evidence = await tab.Locator("#evidence ~ section.module").AllInnerTextsAsync();
        Assert.Equal(3, evidence.Count);
        Assert.Contains("oracle-accuracy", evidence[1]);
        Assert.Contains("max error ratio", evidence[1]);
        Assert.Contains("bootstrap resamples", evidence[1]);
        Assert.Contains(Hostile, evidence[2]); // shown as text, not run

        await tab.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot should hold the rendered page");
        Assert.Empty(problems);
        Assert.Equal([new Uri(page).AbsoluteUri], requests.Where(r => !r.StartsWith("data:", StringComparison.Ordinal)));
    }

    /// <summary>An image as the page sees it (Playwright fills settable properties).</summary>
    public sealed record ImageState
    {
        public string Id { get; set; } = "";
        public bool Complete { get; set; }
        public int Width { get; set; }
        public int Height { get; set; }
        public double ShownWidth { get; set; }
    }
}

/// <summary>
/// A test that needs Debian's chromium. It runs whenever chromium is installed; in CI (CI=true) it always runs and fails
/// clearly if .ci/run could not install chromium; elsewhere it is skipped with the reason.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Skip = $"{Chromium} is not installed (apt-get install chromium; .ci/run does it). In CI this test fails instead.";
    }
}
