namespace KernelGen.Engine.Workers;

/// <summary>What the worker's <c>evaluate</c> verb reads: which module, which compiled candidate, and how hard to test it.</summary>
/// <param name="AssemblyPath">The user's built assembly that holds the module.</param>
/// <param name="Module">The module's full name.</param>
/// <param name="CandidateAssemblyPath">The candidate's compiled assembly on disk.</param>
/// <param name="EntryPoint">The full name of the candidate's static class with <c>Run</c>.</param>
/// <param name="Seed">The verification seed; null draws a fresh one (recorded in the evidence).</param>
public sealed record EvaluationRequest(
    string AssemblyPath,
    string Module,
    string CandidateAssemblyPath,
    string EntryPoint,
    string VariantId,
    long? Seed = null,
    bool Benchmark = true,
    int Trials = 100,
    int BenchmarkSamples = 30);
