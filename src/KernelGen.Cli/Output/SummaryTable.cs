using Spectre.Console;

namespace KernelGen.Cli.Output;

/// <summary>
/// The table that ends a verb's human output on an interactive terminal (<see cref="OutputMode.Rich"/>); the line
/// output above it is the contract, so plain and quiet modes (logs, CI) print no table.
/// </summary>
static class SummaryTable
{
    public static void Write(OutputMode mode, TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (mode != OutputMode.Rich) return;
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in header) table.AddColumn(Markup.Escape(column));
        foreach (var row in rows) table.AddRow([.. row.Select(cell => new Markup(Markup.Escape(cell)))]);
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) }).Write(table);
    }
}
