using System.Text.Json.Nodes;
using KernelGen.Cli.Commands;

namespace KernelGen.Cli.Tests;

/// <summary>Every verb parses like the contract in docs/cli.md says, --help works everywhere, and bad input is exit code 2.</summary>
[Collection(nameof(ConsoleCollection))]
public class CommandLineTests
{
    public static TheoryData<string> Verbs => ["generate", "verify", "bench", "list", "doctor", "report", "suite", "suite-report"];

    [Fact]
    public void The_root_registers_every_verb()
    {
        var names = Program.CreateRoot().Subcommands.Select(c => c.Name).ToList();

        Assert.Equal(["generate", "verify", "bench", "list", "doctor", "report", "suite", "suite-report"], names);
    }

    [Fact]
    public async Task Root_help_lists_the_verbs_and_exits_0()
    {
        var run = await Cli.RunAsync("--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var verb in new[] { "generate", "verify", "bench", "list", "doctor", "report", "suite", "suite-report" }) Assert.Contains(verb, run.Output);
        Assert.Contains("--quiet", run.Output);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_works_on_every_verb(string verb)
    {
        var run = await Cli.RunAsync(verb, "--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Usage:", run.Output);
        Assert.Contains(verb, run.Output);
        Assert.Contains("--quiet", run.Output); // inherited from the root
    }

    [Theory]
    [InlineData("generate")]
    [InlineData("verify")]
    [InlineData("bench")]
    [InlineData("list")]
    [InlineData("report")]
    [InlineData("suite")]
    public async Task A_verb_without_its_required_project_is_a_usage_error(string verb)
    {
        var run = await Cli.RunAsync(verb);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("--project", run.Error);
        Assert.Contains("kernelgen --help", run.Error);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task An_unknown_option_is_a_usage_error(string verb)
    {
        var run = await Cli.RunAsync(verb, "--project", "x.csproj", "--no-such-option");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains("--no-such-option", run.Error);
    }

    [Fact]
    public async Task Suite_report_on_a_missing_folder_is_a_usage_error_naming_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kernelgen-no-such-results-folder");
        var run = await Cli.RunAsync("suite-report", folder);

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains($"kernelgen suite-report: folder not found: {folder}", run.Error);
    }

    [Fact]
    public async Task An_unknown_verb_is_a_usage_error()
    {
        var run = await Cli.RunAsync("suite", "--project", "x.csproj");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("report")]
    [InlineData("doctor")]
    [InlineData("verify")]
    [InlineData("bench")]
    public async Task A_missing_project_file_is_a_usage_error_naming_it(string verb)
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-project-" + Guid.NewGuid().ToString("N") + ".csproj");

        var run = await Cli.RunAsync(verb, "--project", missing, "--quiet");

        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains($"kernelgen {verb}: project not found: {missing}", run.Error);
    }

    [Fact]
    public void Valid_command_lines_parse_without_errors()
    {
        var root = Program.CreateRoot();
        string[][] lines =
        [
            ["list", "--project", "p.csproj", "--module", "RmsNorm", "--no-build", "--json"],
            ["doctor"],
            ["doctor", "--project", "p.csproj", "--no-build", "--json", "-q"],
            ["report", "--project", "p.csproj", "--output", "r.html"],
            ["report", "--project", "p.csproj", "-o", "r.html", "--quiet"],
            ["verify", "--project", "p.csproj", "--candidate", "k.cs", "--commit", "--origin", "llm", "--seed", "7", "--quiet"],
            ["bench", "--project", "p.csproj", "--select", "--csv", "s.csv", "--json"],
        ];
        foreach (var line in lines)
            Assert.True(root.Parse(line).Errors.Count == 0, $"{string.Join(' ', line)}: {string.Join("; ", root.Parse(line).Errors.Select(e => e.Message))}");
    }

    [Fact]
    public async Task Doctor_json_exit_code_matches_its_findings()
    {
        var run = await Cli.RunAsync("doctor", "--json");

        var report = JsonNode.Parse(run.Output)!;
        var errors = report["findings"]!.AsArray().Count(f => (string?)f!["severity"] == "error");
        Assert.Equal(errors == 0, (bool)report["ok"]!);
        Assert.Equal(errors == 0 ? ExitCodes.Success : ExitCodes.ProblemsFound, run.ExitCode);
        Assert.Equal("", run.Error); // --json: no progress display
    }

    [Fact]
    public async Task Report_writes_one_html_file_from_the_committed_locks()
    {
        var output = Path.Combine(Path.GetTempPath(), $"kernelgen-report-{Guid.NewGuid():N}.html");
        try
        {
            var run = await Cli.RunAsync("report", "--project", TestPaths.QuickStartProject, "--output", output, "--quiet");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains($"report written to {output}", run.Output);
            Assert.Equal("", run.Error);
            var html = File.ReadAllText(output);
            Assert.Contains("QuickStart.RmsNorm", html);
            Assert.Equal(4, html.Split("data:image/png;base64,").Length - 1);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
