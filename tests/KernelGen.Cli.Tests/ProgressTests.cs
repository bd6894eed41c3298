using KernelGen.Cli.Output;
using KernelGen.Engine.Benchmarking;
using KernelGen.Engine.Workers.Progress;

namespace KernelGen.Cli.Tests;

/// <summary>Which progress display a verb picks, and what each display writes.</summary>
public class ProgressTests
{
    static TerminalFacts Terminal(bool redirected = false, Dictionary<string, string>? environment = null) =>
        new(redirected, redirected, name => environment?.GetValueOrDefault(name));

    [Fact]
    public void An_interactive_terminal_gets_the_live_display()
    {
        Assert.Equal(OutputMode.Rich, Terminal().Choose(quiet: false, json: false));
    }

    [Theory]
    [InlineData("NO_COLOR", "1")]
    [InlineData("CI", "true")]
    [InlineData("CI", "TRUE")]
    [InlineData("TERM", "dumb")]
    public void Ci_no_color_and_dumb_terminals_get_plain_lines(string variable, string value)
    {
        Assert.Equal(OutputMode.Plain, Terminal(environment: new() { [variable] = value }).Choose(quiet: false, json: false));
    }

    [Fact]
    public void Redirected_output_gets_plain_lines()
    {
        Assert.Equal(OutputMode.Plain, Terminal(redirected: true).Choose(quiet: false, json: false));
        Assert.Equal(OutputMode.Plain, new TerminalFacts(OutputRedirected: true, ErrorRedirected: false, _ => null).Choose(false, false));
    }

    [Fact]
    public void Quiet_and_json_show_no_progress_even_on_a_terminal()
    {
        Assert.Equal(OutputMode.Quiet, Terminal().Choose(quiet: true, json: false));
        Assert.Equal(OutputMode.Quiet, Terminal().Choose(quiet: false, json: true));
        Assert.Equal(OutputMode.Rich, Terminal(environment: new() { ["CI"] = "false" }).Choose(false, false));
    }

    [Fact]
    public async Task Plain_progress_writes_a_numbered_line_when_each_step_starts_and_ends()
    {
        var error = new StringWriter();

        var result = await WorkProgress.For(OutputMode.Plain, error).RunAsync(async steps =>
        {
            var built = await steps.StepAsync("build P.csproj", () => Task.FromResult(42));
            using (var step = steps.Begin("verify M / v"))
            {
                step.Status("benchmarking");
                step.Done("rejected by oracle-accuracy", succeeded: false);
            }
            return built;
        });

        Assert.Equal(42, result);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("[1] build P.csproj ...", lines[0]);
        Assert.Matches(@"^\[1\] build P\.csproj: done \(\d+\.\d s\)$", lines[1]);
        Assert.Equal("[2] verify M / v ...", lines[2]);
        Assert.Equal("[2] verify M / v: benchmarking", lines[3]);
        Assert.StartsWith("[2] verify M / v: rejected by oracle-accuracy (", lines[4]);
        Assert.Equal(5, lines.Length); // Dispose after Done adds nothing
    }

    [Fact]
    public async Task A_step_that_throws_ends_as_failed_and_the_exception_reaches_the_verb()
    {
        var error = new StringWriter();

        await Assert.ThrowsAsync<InvalidOperationException>(() => WorkProgress.For(OutputMode.Plain, error).RunAsync<int>(steps =>
            steps.StepAsync<int>("describe modules", () => throw new InvalidOperationException("worker failed"))));

        Assert.Contains("[1] describe modules: failed (", error.ToString());
    }

    [Fact]
    public async Task Quiet_progress_writes_nothing()
    {
        var error = new StringWriter();

        await WorkProgress.For(OutputMode.Quiet, error).RunAsync(steps => steps.StepAsync("build", () => Task.FromResult(1)));

        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task The_live_display_ends_with_every_step_and_its_outcome()
    {
        var error = new StringWriter();

        await WorkProgress.For(OutputMode.Rich, error).RunAsync(async steps =>
        {
            await steps.StepAsync("verify QuickStart.RmsNorm / rmsnorm-avx2-rows", () => Task.FromResult(0), _ => ("accepted, 2.70x", true));
            return await steps.StepAsync("verify [markup] / x", () => Task.FromResult(0), _ => ("rejected by abi", false));
        });

        var text = error.ToString();
        Assert.Contains("verify QuickStart.RmsNorm / rmsnorm-avx2-rows", text);
        Assert.Contains("accepted, 2.70x", text);
        Assert.Contains("verify [markup] / x", text); // markup characters in names are escaped, not interpreted
        Assert.Contains("rejected by abi", text);
    }

    static readonly EvaluationProgress[] WorkerEvents =
    [
        new TrialProgress(1, 100, "randn", [[64, 4096]]),
        new TrialProgress(37, 100, "uniform", [[7, 4096]]),
        new SampleProgress(TimingMode.Cold, 1, 30),
        new SampleProgress(TimingMode.Cold, 23, 30),
    ];

    /// <summary>The display's output for <see cref="WorkerEvents"/>; with <paramref name="waitFor"/>, the step stays open until that text was drawn.</summary>
    static async Task<string> ShowWorkerEvents(OutputMode mode, string? waitFor = null)
    {
        var text = new StringWriter();
        var error = TextWriter.Synchronized(text); // the live display writes from its refresh thread
        string Written()
        {
            lock (error) return text.ToString(); // the synchronized writer locks itself around every write
        }
        await WorkProgress.For(mode, error).RunAsync(steps => steps.StepAsync("verify M / v", async step =>
        {
            var activity = EvaluationActivity.On(step);
            foreach (var e in WorkerEvents) activity.Report(e);
            for (var waited = 0; waitFor is not null && !Written().Contains(waitFor, StringComparison.Ordinal) && waited < 100; waited++)
                await Task.Delay(50);
            return 0;
        }));
        return Written();
    }

    [Fact]
    public async Task Plain_progress_prints_a_line_per_worker_phase_not_per_trial_or_sample()
    {
        var lines = (await ShowWorkerEvents(OutputMode.Plain)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["[1] verify M / v ...", "[1] verify M / v: verifying 100 trials", "[1] verify M / v: timing 30 samples (cold)"], lines[..3]);
        Assert.StartsWith("[1] verify M / v: done (", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task The_live_display_shows_each_worker_event_and_quiet_shows_none()
    {
        var live = await ShowWorkerEvents(OutputMode.Rich, waitFor: "sample 23/30 cold");
        Assert.Contains("sample 23/30 cold", live); // the latest event, drawn after the step's description by the next refresh

        Assert.Equal("", await ShowWorkerEvents(OutputMode.Quiet));
    }

    [Fact]
    public void The_summary_table_appears_only_on_an_interactive_terminal()
    {
        var rich = new StringWriter();
        var plain = new StringWriter();
        IReadOnlyList<string>[] rows = [["QuickStart.RmsNorm", "[rmsnorm]", "accepted"]];

        SummaryTable.Write(OutputMode.Rich, rich, ["module", "variant", "verdict"], rows);
        SummaryTable.Write(OutputMode.Plain, plain, ["module", "variant", "verdict"], rows);

        Assert.Contains("QuickStart.RmsNorm", rich.ToString());
        Assert.Contains("[rmsnorm]", rich.ToString()); // escaped, not read as markup
        Assert.Contains("verdict", rich.ToString());
        Assert.Equal("", plain.ToString());
    }
}
