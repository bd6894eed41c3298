using KernelGen.Cuda;
using KernelGen.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CudaBench;

/// <summary>
/// Dispatch checks that need a GPU, run on the CUDA host by <c>CudaBench --selftest</c> (the host has no .NET SDK to
/// run xunit): shadow checks, the alignment and backend guards, autograd, ordering after eager work without a
/// synchronisation, and a kernel that does not compile. Each prints PASS or FAIL with what it saw.
/// </summary>
static class SelfTest
{
    public static int Run()
    {
        using var noGrad = no_grad();
        var failures = 0;
        var module = QuickStart.RmsNorm.Create().cuda();
        var info = KernelModules.Info<QuickStart.RmsNorm>();
        var x = randn(64, 4096, device: CUDA);
        var expected = GpuVerifier.Eager(() => module.forward(x));

        void Check(string name, bool passed, string detail)
        {
            Console.WriteLine($"{(passed ? "PASS" : "FAIL")} {name}: {detail}");
            if (!passed) failures++;
        }

        var plain = module.forward(x);
        Check("dispatch", info.LastVariant == "rmsnorm-cuda-rows" && plain.allclose(expected, rtol: 1e-5, atol: 1e-6), $"last variant {info.LastVariant ?? "(reference)"}");

        KernelGenEnvironment.ShadowRate = 1;
        var shadowed = module.forward(x);
        KernelGenEnvironment.ShadowRate = 0;
        var variant = info.Variants.Single(v => v.Backend == "cuda");
        Check("shadow check on CUDA tensors", info.LastVariant == "rmsnorm-cuda-rows" && variant.DisabledReason is null && GpuVerifier.BitwiseEqual(shadowed, plain),
            $"last variant {info.LastVariant ?? "(reference)"}, breaker {variant.DisabledReason ?? "closed"}");

        var storage = randn(64 * 4096 + 1, device: CUDA);
        var misaligned = storage.narrow(0, 1, 64 * 4096).view(64, 4096);
        var misalignedOut = module.forward(misaligned);
        Check("misaligned view runs the reference", info.LastVariant is null && misaligned.is_contiguous()
            && misalignedOut.allclose(GpuVerifier.Eager(() => module.forward(misaligned)), rtol: 0, atol: 0), $"last variant {info.LastVariant ?? "(reference)"}");

        KernelGenEnvironment.Backends = ["cpu"];
        module.forward(x);
        var cpuOnly = info.LastVariant;
        KernelGenEnvironment.Backends = null;
        Check("KERNELGEN_BACKENDS=cpu turns CUDA kernels off", cpuOnly is null, $"last variant {cpuOnly ?? "(reference)"}");

        using (enable_grad())
        {
            var tracked = x.clone().requires_grad_(true);
            module.forward(tracked);
            Check("autograd runs the reference", info.LastVariant is null, $"last variant {info.LastVariant ?? "(reference)"}");
        }

        // The input is produced by eager work queued just before the launch, with no synchronisation in between.
        var produced = module.forward(x * 3 - 1);
        Check("ordered after LibTorch's work on the legacy stream", info.LastVariant == "rmsnorm-cuda-rows"
            && produced.allclose(GpuVerifier.Eager(() => module.forward(x * 3 - 1)), rtol: 1e-5, atol: 1e-6), "kernel output matches the reference on a just-computed input");

        var broken = System.Text.Encoding.UTF8.GetBytes("// kernelgen:launch grid=N block=256\nextern \"C\" __global__ void broken(const float* x, const float* w, float* out, long long n) { out[0] = undefined_name; }\n");
        var brokenVariant = new CudaKernelVariant("broken", [ScalarType.Float32, ScalarType.Float32], ScalarType.Float32,
            new DomainSpec("N=1..4096", ["N,4096", "4096"], "N,4096").Runtime, "broken", () => broken) { ModuleName = "CudaBench.SelfTest" };
        var none = brokenVariant.TryRun([x, Problem.State(module)[0]]);
        Check("a kernel that does not compile trips its breaker with NVRTC's log", none is null
            && brokenVariant.DisabledReason is { } reason && reason.StartsWith("failed-to-load", StringComparison.Ordinal) && reason.Contains("undefined_name", StringComparison.Ordinal),
            brokenVariant.DisabledReason ?? "(no trip)");

        Console.WriteLine(failures == 0 ? "selftest: all passed" : $"selftest: {failures} failed");
        return failures == 0 ? 0 : 1;
    }
}
