using KernelGen.Engine.Cache;
using KernelGen.Engine.Configuration;
using KernelGen.Engine.Generation;

namespace KernelGen.Cli.Commands;

/// <summary>Turns a verb's failures into one line on standard error and a documented exit code, never a stack trace.</summary>
static class CommandFailures
{
    public static async Task<int> ReportAsync(string verb, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is UsageException or LockFileException or ConfigurationException)
        {
            Console.Error.WriteLine($"kernelgen {verb}: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (ProviderException e)
        {
            Console.Error.WriteLine($"kernelgen {verb}: provider {e.Provider} failed ({e.Failure}): {e.Reason}. Modules committed before the failure stay committed; the others are unchanged.");
            return ExitCodes.Unexpected;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"kernelgen {verb}: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Unexpected;
        }
    }
}
