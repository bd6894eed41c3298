using KernelGen.Engine.Compilation;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Verification;
using static TorchSharp.torch;

namespace KernelGen.Engine.Tests.Corpus;

/// <summary>
/// KernelBench's correctness check, reproduced for comparison only (it is not a mode of the product): the model's
/// default initialisation, 5 trials of the problem's own randn inputs, the candidate run after the reference in the
/// same process, then an output shape check and torch.allclose(reference, candidate, atol, rtol). KernelBench used
/// atol = rtol = 1e-2 and, since its PR #80, 1e-4 for float32.
/// </summary>
static class KernelBenchCriterion
{
    public const int Trials = 5;

    /// <summary>Null when the criterion accepts the kernel, otherwise why it does not.</summary>
    public static string? Rejection(Type moduleType, string source, string entryPoint, double tolerance)
    {
        var compiled = CandidateCompiler.Compile(source, "candidate.cs", "KernelBench." + Guid.NewGuid().ToString("N"));
        if (!compiled.Succeeded) return "does not compile";
        var assemblyPath = Path.Combine(Path.GetTempPath(), $"kernelbench-{Guid.NewGuid():N}.dll");
        File.WriteAllBytes(assemblyPath, compiled.AssemblyBytes!);
        var candidate = CandidateKernel.Load(assemblyPath, entryPoint);

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var host = KernelModuleHost.For(moduleType);
        manual_seed(42);
        var module = host.Create();
        var sample = host.SampleInputs();
        var state = KernelModuleHost.State(module).Select(s => s.Tensor).ToArray();
        var outputType = host.RunReference(module, sample).dtype;
        var domain = new ShapeInference(host, module, sample).Infer().ToRuntime();
        var variant = candidate.CreateVariant("kernelbench", [.. sample.Concat(state).Select(t => t.dtype)], outputType, domain);

        for (var trial = 0; trial < Trials; trial++)
        {
            manual_seed(1000 + trial);
            var inputs = host.SampleInputs();
            var expected = host.RunReference(module, inputs);
            Tensor actual;
            try
            {
                actual = KernelVerifier.RunCandidate(variant, [.. inputs, .. state], $"trial {trial}");
            }
            catch (VerificationFailure failure)
            {
                return $"runtime error: {failure.Message}";
            }
            if (!actual.shape.SequenceEqual(expected.shape)) return "output shape mismatch";
            if (!actual.allclose(expected, rtol: tolerance, atol: tolerance)) return $"trial {trial}: max abs difference {actual.sub(expected).abs().max().item<float>():G3}";
        }
        return null;
    }
}
