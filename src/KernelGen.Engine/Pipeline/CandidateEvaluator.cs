using KernelGen.Engine.Compilation;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers;
using KernelGen.Engine.Workers.Progress;

namespace KernelGen.Engine.Pipeline;

/// <summary>A candidate's source, the variant id it would get, and what the evaluation found.</summary>
/// <param name="EntryPoint">The entry class's full name, once the ABI check found it.</param>
public sealed record CandidateEvaluation(string VariantId, string Source, string? EntryPoint, EvaluationResult Result);

/// <summary>
/// Source to verdict for one candidate: compile in memory, check the API policy and the ABI here (cheap, no
/// TorchSharp), then verify and benchmark in an isolated worker.
/// </summary>
public sealed class CandidateEvaluator(WorkerClient worker)
{
    /// <param name="assemblyPath">The user's built assembly holding <paramref name="module"/>.</param>
    /// <param name="fileName">The kernel file's name, used in compiler errors.</param>
    /// <param name="seed">A fixed verification seed, or null for a fresh one.</param>
    /// <param name="progress">Told of the worker's trials, warm-up and samples as they run (<see cref="WorkerClient.EvaluateAsync"/>).</param>
    public async Task<CandidateEvaluation> EvaluateAsync(
        ModuleDescription module, string assemblyPath, string source, string fileName, string variantId,
        long? seed = null, bool benchmark = true, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var assemblyName = $"KernelGen.Candidate.{variantId}.{Guid.NewGuid():N}";
        var compiled = CandidateCompiler.Compile(source, fileName, assemblyName);
        if (!compiled.Succeeded)
            return new(variantId, source, null, EvaluationResult.Reject("compile", string.Join("\n", compiled.Errors.Take(10))));
        var passed = new List<CheckResult> { new("compile", true, "compiled") };

        var violations = KernelApiPolicy.Check(compiled);
        if (violations.Count > 0)
            return new(variantId, source, null, EvaluationResult.Reject("api-policy", string.Join("\n", violations), passed));
        passed.Add(new("api-policy", true, "only allowed APIs"));

        var abi = KernelAbi.Check(compiled, module.Contract);
        if (abi.Problem is { } problem)
            return new(variantId, source, null, EvaluationResult.Reject("abi", problem, passed));
        passed.Add(new("abi", true, $"entry point {abi.EntryPoint}.Run"));

        var result = await EvaluateCompiledAsync(module.Module, assemblyPath, compiled.AssemblyBytes!, abi.EntryPoint!, variantId, seed, benchmark, progress, cancellationToken);
        return new(variantId, source, abi.EntryPoint, result with { Checks = [.. passed, .. result.Checks] });
    }

    /// <summary>
    /// Verifies already compiled bytes in the worker, without the policy and ABI checks. The pipeline's last stage, and
    /// the way tests show that the worker's own checks catch what the policy would have stopped earlier.
    /// </summary>
    public async Task<EvaluationResult> EvaluateCompiledAsync(
        string module, string assemblyPath, byte[] candidateAssembly, string entryPoint, string variantId,
        long? seed = null, bool benchmark = true, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var scratch = new ScratchFolder();
        var candidatePath = scratch.File($"{variantId}.dll");
        await File.WriteAllBytesAsync(candidatePath, candidateAssembly, cancellationToken);
        var request = new EvaluationRequest(Path.GetFullPath(assemblyPath), module, candidatePath, entryPoint, variantId, seed, benchmark);
        return await worker.EvaluateAsync(request, progress, cancellationToken);
    }
}
