using System.Globalization;
using System.Text.Json;
using KernelGen.Cli.Output;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers;

namespace KernelGen.Cli.Commands;

/// <summary>Collects verify results and prints them: one line per check and a summary line, or JSON with <c>--json</c>.</summary>
sealed class VerifyReport(bool json, OutputMode mode)
{
    readonly List<VerifiedVariant> results = [];
    readonly List<string> notes = [];

    public bool AllAccepted => results.All(r => r.Verdict == Verdict.Accepted);

    public void Add(string module, string variant, EvaluationResult result, bool committed) =>
        results.Add(new VerifiedVariant(module, variant, result.Verdict, result.Selected, result.NotSelectedReason, committed, result.FailingCheck, result.Reason, result.Checks, result.ShapeDomain, result.Verification, result.Benchmark));

    public void Note(string note) => notes.Add(note);

    public void Print()
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { results, notes }, WorkerJson.Options));
            return;
        }
        foreach (var note in notes) Console.Out.WriteLine(note);
        foreach (var r in results)
        {
            Console.Out.WriteLine($"{r.Module} / {r.Variant}");
            foreach (var check in r.Checks)
                Console.Out.WriteLine($"  {(check.Passed ? "pass" : "FAIL")}  {check.Name}: {check.Detail.ReplaceLineEndings("\n        ")}");
            foreach (var finding in r.Verification?.DegenerateOutputs ?? [])
                Console.Out.WriteLine($"  note  degenerate outputs: {finding} (make the module's [KernelInputs] harder)");
            var speed = r.Benchmark is { } b ? $", {b.Speedup:F2}x (95 % CI {b.SpeedupCi95Low:F2}–{b.SpeedupCi95High:F2})" : "";
            var verdict = r.Verdict == Verdict.Accepted
                ? $"accepted{(r.Selected ? ", selected" : $", not selected ({r.NotSelectedReason})")}{speed}"
                : $"rejected by {r.FailingCheck}";
            Console.Out.WriteLine($"  => {verdict}{(r.Committed ? "; lock updated" : "")}");
        }
        var accepted = results.Count(r => r.Verdict == Verdict.Accepted);
        Console.Out.WriteLine($"{accepted} of {results.Count} variant(s) accepted, {results.Count - accepted} rejected");
        SummaryTable.Write(mode, Console.Out, ["module", "variant", "verdict", "selected", "speedup (95 % CI)"], results.Select(r => (IReadOnlyList<string>)
        [
            r.Module, r.Variant, r.Verdict == Verdict.Accepted ? "accepted" : $"rejected by {r.FailingCheck}", r.Selected ? "yes" : "no",
            r.Benchmark is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b.Speedup:F2}x ({b.SpeedupCi95Low:F2}–{b.SpeedupCi95High:F2})") : "",
        ]));
    }

    sealed record VerifiedVariant(
        string Module, string Variant, Verdict Verdict, bool Selected, string? NotSelectedReason, bool Committed, string? FailingCheck, string? Reason,
        IReadOnlyList<CheckResult> Checks, Engine.Cache.ShapeDomainSpec? ShapeDomain, VerificationEvidence? Verification, BenchmarkResult? Benchmark);
}
