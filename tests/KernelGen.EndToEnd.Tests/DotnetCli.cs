using System.Diagnostics;

namespace KernelGen.EndToEnd.Tests;

/// <summary>Runs the real <c>dotnet</c> CLI and captures what it prints.</summary>
static class DotnetCli
{
    /// <param name="Output">Standard output then standard error.</param>
    public sealed record Result(int ExitCode, string Output, string StandardOutput)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}";
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static Result Run(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        Run(workingDirectory, timeout, arguments, environment: []);

    public static Result Run(string workingDirectory, TimeSpan timeout, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // No build servers outliving the test, and no console logger colours in the captured text.
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {timeout}");
        }
        return new(process.ExitCode, stdout.Result + stderr.Result, stdout.Result);
    }

    static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KernelGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("KernelGen.sln not found above " + AppContext.BaseDirectory);
    }
}
