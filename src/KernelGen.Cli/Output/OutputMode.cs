namespace KernelGen.Cli.Output;

/// <summary>How a verb shows progress on standard error. Results always go to standard output.</summary>
enum OutputMode
{
    /// <summary>A live Spectre.Console display (spinners, elapsed times) on an interactive terminal.</summary>
    Rich,

    /// <summary>One line when a step starts and one when it ends: logs, CI, redirected output.</summary>
    Plain,

    /// <summary>No progress at all: <c>--quiet</c>, or <c>--json</c> (standard output is for the machine).</summary>
    Quiet,
}

/// <summary>What the terminal and environment say about the console; <see cref="Current"/> reads the real ones.</summary>
/// <param name="OutputRedirected">Standard output goes to a file or pipe.</param>
/// <param name="ErrorRedirected">Standard error (where progress goes) goes to a file or pipe.</param>
/// <param name="Environment">Reads an environment variable (NO_COLOR, CI, TERM).</param>
sealed record TerminalFacts(bool OutputRedirected, bool ErrorRedirected, Func<string, string?> Environment)
{
    public static TerminalFacts Current => new(Console.IsOutputRedirected, Console.IsErrorRedirected, System.Environment.GetEnvironmentVariable);

    /// <summary>
    /// Quiet for <c>--quiet</c> and <c>--json</c>; plain where a live display would garble a log: redirected output,
    /// <c>NO_COLOR</c> set (any value, no-color.org), <c>CI=true</c>, <c>TERM=dumb</c>; rich otherwise.
    /// </summary>
    public OutputMode Choose(bool quiet, bool json)
    {
        if (quiet || json) return OutputMode.Quiet;
        var plain = OutputRedirected || ErrorRedirected
            || !string.IsNullOrEmpty(Environment("NO_COLOR"))
            || string.Equals(Environment("CI"), "true", StringComparison.OrdinalIgnoreCase)
            || string.Equals(Environment("TERM"), "dumb", StringComparison.Ordinal);
        return plain ? OutputMode.Plain : OutputMode.Rich;
    }
}
