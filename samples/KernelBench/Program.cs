using System.Text.Json;
using KernelBench.CrossCheck;
using KernelBench.GemmShare;
using static TorchSharp.torch;

namespace KernelBench;

/// <summary>
/// The KernelBench sample's commands: <c>list</c> (every ported problem, its sizes and notes), <c>crosscheck</c>
/// (compare every port with PyTorch's outputs written by crosscheck/crosscheck.py) and <c>gemm-share</c> (how much of
/// each Level-2 problem's eager time its GEMMs take; docs/kernelbench.md).
/// </summary>
static class Program
{
    const string Usage = "usage: KernelBench list [--json] | KernelBench crosscheck <folder written by crosscheck.py> [--report <file.json>] | KernelBench gemm-share [--pairs N] [--only L2-9,L2-12] [--json]";

    static int Main(string[] args)
    {
        try
        {
            TorchHostLibraries.PreloadFromEnvironment();
            return args switch
            {
                ["list", .. var rest] => List(rest.Contains("--json")),
                ["crosscheck", var folder] => CrossCheckCommand.Run(folder, reportPath: null),
                ["crosscheck", var folder, "--report", var report] => CrossCheckCommand.Run(folder, report),
                ["gemm-share", .. var options] => GemmShareCommand.Run(options),
                _ => UsageError(),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or JsonException)
        {
            Console.Error.WriteLine($"KernelBench: {e.Message}");
            return 1;
        }
        catch (TypeInitializationException e) when (Innermost(e) is InvalidOperationException configuration)
        {
            Console.Error.WriteLine($"KernelBench: {configuration.Message}");
            return 1;
        }
        catch (TypeInitializationException e) when (Innermost(e) is NotSupportedException or DllNotFoundException)
        {
            Console.Error.WriteLine($"KernelBench: TorchSharp could not load LibTorch: {Innermost(e).Message.Trim()}");
            Console.Error.WriteLine($"A publish without the LibTorch package (-p:KernelBenchHostLibTorch=true) needs {TorchHostLibraries.Variable} and LD_LIBRARY_PATH set to PyTorch's torch/lib folder.");
            return 1;
        }
    }

    /// <summary>Static initialisers wrap the real error (a bad KERNELBENCH_SIZE, LibTorch missing) in type-initialisation exceptions.</summary>
    static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    static int UsageError()
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }

    /// <summary>Builds each problem at the current size, runs its reference once and prints the shapes.</summary>
    static int List(bool json)
    {
        using var noGrad = no_grad();
        var rows = new List<object>();
        foreach (var problem in Problem.All)
        {
            using var scope = NewDisposeScope();
            using var module = problem.Create();
            var inputs = problem.SampleInputs(CPU);
            var output = problem.RunReference(module, inputs);
            var inputShapes = inputs.Select(i => i.shape).ToArray();
            if (json)
            {
                rows.Add(new { level = problem.Info.Level, id = problem.Info.Id, name = problem.Info.Name, module = problem.Type.FullName, inputs = inputShapes, output = output.shape, note = problem.Info.Note });
                continue;
            }
            Console.WriteLine($"{problem.Key,-6} {problem.Info.Name,-48} {string.Join(" ", inputShapes.Select(Shape))} -> {Shape(output.shape)}{(problem.Info.Note is null ? "" : "  (deviation/note)")}");
        }
        if (json) Console.WriteLine(JsonSerializer.Serialize(new { size = KernelBenchSize.IsFull ? "full" : "reduced", problems = rows }));
        return 0;
    }

    static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";
}
