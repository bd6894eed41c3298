using KernelGen.Engine.Verification;

namespace KernelGen.Engine.Tests.Corpus;

/// <summary>
/// Writes one Markdown row per corpus kernel, KernelBench's two tolerances next to KernelGen's verdict, into
/// bin/.../kernelbench-comparison/. docs/verification.md's table is those rows, concatenated after a test run.
/// Kernels that would kill or hang an unisolated process are not run under KernelBench's in-process criterion.
/// </summary>
static class ComparisonTable
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "kernelbench-comparison");

    public static void Write(string name, string description, CorpusModule module, Hazard hazard, string source, string entryPoint, EvaluationResult result)
    {
        var loose = KernelBench(hazard, module, source, entryPoint, 1e-2);
        var strict = KernelBench(hazard, module, source, entryPoint, 1e-4);
        var kernelGen = result.Verdict == Verdict.Accepted ? "accepted" : $"rejected: `{result.FailingCheck}`";
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, name + ".md"), $"| `{name}` | {description} | {loose} | {strict} | {kernelGen} |\n");
    }

    static string KernelBench(Hazard hazard, CorpusModule module, string source, string entryPoint, double tolerance)
    {
        if (hazard != Hazard.None) return $"not run ({hazard switch { Hazard.KillsProcess => "kills the process", Hazard.Hangs => "hangs", _ => "exhausts memory" }})";
        return KernelBenchCriterion.Rejection(CorpusTests.ModuleType(module), source, entryPoint, tolerance) is { } reason
            ? $"rejected ({reason})"
            : "**accepted**";
    }
}
