using System.CommandLine;
using KernelGen.Cli.Output;

namespace KernelGen.Cli.Commands;

/// <summary>The options every verb that works on a project shares, spelled and described once.</summary>
static class CommonOptions
{
    public static Option<FileInfo> Project() => new("--project") { Description = "The .csproj of the app or library with annotated modules.", Required = true };

    public static Option<string?> Module() => new("--module") { Description = "Only this module (full or simple type name)." };

    public static Option<bool> NoBuild() => new("--no-build") { Description = "Use the project's existing Release build." };

    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable results." };

    /// <summary>The root's <c>--quiet</c>, inherited by every verb.</summary>
    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress display (results and errors are still printed).",
        Recursive = true,
    };

    /// <summary>The progress display for this invocation: none with --quiet or --json, plain lines when not on a terminal.</summary>
    public static WorkProgress Progress(ParseResult parse, bool json) => WorkProgress.For(Mode(parse, json), Console.Error);

    /// <summary>This invocation's output mode (<see cref="TerminalFacts.Choose"/>).</summary>
    public static OutputMode Mode(ParseResult parse, bool json) => TerminalFacts.Current.Choose(parse.GetValue(Quiet), json);
}
