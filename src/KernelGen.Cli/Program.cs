using System.CommandLine;
using KernelGen.Cli.Commands;

namespace KernelGen.Cli;

/// <summary>The <c>kernelgen</c> command line. Each verb lives in its own class under Commands/.</summary>
static class Program
{
    static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("KernelGen: generate, verify and benchmark kernels for annotated TorchSharp modules.")
        {
            GenerateCommand.Create(),
            VerifyCommand.Create(),
            BenchCommand.Create(),
            SuiteCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"kernelgen: {error.Message}");
            Console.Error.WriteLine("Run 'kernelgen --help' for usage.");
            return ExitCodes.UsageError;
        }
        return await parsed.InvokeAsync();
    }
}
