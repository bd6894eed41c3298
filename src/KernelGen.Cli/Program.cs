using System.CommandLine;
using KernelGen.Cli.Commands;

namespace KernelGen.Cli;

/// <summary>The <c>kernelgen</c> command line. Each verb lives in its own class under Commands/.</summary>
static class Program
{
    static Task<int> Main(string[] args) => RunAsync(args);

    /// <summary>Every verb, and the options all of them inherit.</summary>
    internal static RootCommand CreateRoot() =>
        new("KernelGen: generate, verify and benchmark kernels for annotated TorchSharp modules.")
        {
            GenerateCommand.Create(),
            VerifyCommand.Create(),
            BenchCommand.Create(),
            ListCommand.Create(),
            DoctorCommand.Create(),
            ReportCommand.Create(),
            SuiteCommand.Create(),
            SuiteReportCommand.Create(),
            CommonOptions.Quiet,
        };

    /// <summary>Parses and runs one command line; parse errors are usage errors (exit code 2).</summary>
    internal static async Task<int> RunAsync(string[] args)
    {
        var parsed = CreateRoot().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"kernelgen: {error.Message}");
            Console.Error.WriteLine("Run 'kernelgen --help' for usage.");
            return ExitCodes.UsageError;
        }
        return await parsed.InvokeAsync();
    }
}
