using System.Text.Json.Nodes;
using KernelGen;
using KernelGen.Engine.Tests.Fixtures;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KernelGen.Cli.Tests;

/// <summary>
/// <c>kernelgen verify</c> in process with a real worker: in plain mode its log gets a line per verification and
/// benchmark phase (never one per trial or sample); with <c>--json</c> it gets none. The module is this test
/// assembly's own <see cref="ProgressRmsNorm"/>, named as a build made elsewhere (KERNELGEN_BUILD_*), so nothing is built.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class VerifyProgressTests : IDisposable
{
    static readonly string[] Variables = ["KERNELGEN_BUILD_TARGET_PATH", "KERNELGEN_BUILD_CACHE_DIR", "NO_COLOR"];

    readonly string folder = Directory.CreateTempSubdirectory("kernelgen-verify-progress-").FullName;
    readonly Dictionary<string, string?> saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

    public VerifyProgressTests()
    {
        File.WriteAllText(Path.Combine(folder, "Fixture.csproj"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "rmsnorm-rows.cs"), Kernels.SequentialRmsNorm);
        Environment.SetEnvironmentVariable("KERNELGEN_BUILD_TARGET_PATH", typeof(ProgressRmsNorm).Assembly.Location);
        Environment.SetEnvironmentVariable("KERNELGEN_BUILD_CACHE_DIR", Path.Combine(folder, "kernels"));
    }

    Task<Cli.Result> Verify(params string[] extra) => Cli.RunAsync([
        "verify", "--project", Path.Combine(folder, "Fixture.csproj"), "--module", nameof(ProgressRmsNorm),
        "--candidate", Path.Combine(folder, "rmsnorm-rows.cs"), "--no-build", "--seed", "5", .. extra]);

    [Fact]
    public async Task Plain_mode_logs_each_verification_and_benchmark_phase_once_and_json_mode_logs_nothing()
    {
        Environment.SetEnvironmentVariable("NO_COLOR", "1"); // plain lines, as in CI and redirected output
        var plain = await Verify();

        Assert.True(plain.ExitCode == 0, plain.ToString());
        var step = $"[3] verify {typeof(ProgressRmsNorm).FullName} / rmsnorm-rows";
        var lines = plain.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith(step, StringComparison.Ordinal)).ToList();
        Assert.Contains($"{step}: verifying 100 trials", lines);
        Assert.Contains($"{step}: warming up (cold)", lines);
        Assert.Contains($"{step}: timing 30 samples (cold)", lines);
        Assert.Contains($"{step}: timing 30 samples (warm)", lines);
        Assert.StartsWith($"{step}: accepted, ", lines[^1]);
        Assert.True(lines.Count <= 10, string.Join("\n", lines)); // phases, not one line per trial or sample
        Assert.DoesNotContain("trial 1/100", plain.Error);
        Assert.DoesNotContain("sample 1/30", plain.Error);

        var json = await Verify("--json");

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("", json.Error);
        Assert.NotNull(JsonNode.Parse(json.Output));
    }

    public void Dispose()
    {
        foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
        Directory.Delete(folder, recursive: true);
    }
}

/// <summary>RMSNorm at a size that verifies and benchmarks in seconds: x [32, 64], weight [64]. The [KernelModule] is written by hand (no generator here).</summary>
[KernelModule("3333333333333333333333333333333333333333333333333333333333333333", "RMSNorm for the progress tests")]
public sealed class ProgressRmsNorm : nn.Module<Tensor, Tensor>
{
    const double Eps = 1e-6;

    // Named like PyTorch's attribute: RegisterComponents registers fields by name.
    readonly Parameter weight;

    ProgressRmsNorm() : base(nameof(ProgressRmsNorm))
    {
        weight = nn.Parameter(ones(64));
        RegisterComponents();
    }

    [KernelFactory]
    static ProgressRmsNorm Create() => new();

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => Reference(x);

    [KernelReference]
    Tensor Reference(Tensor x) => x * rsqrt(x.pow(2).mean([-1], keepdim: true) + Eps) * weight;

    [KernelInputs]
    static Tensor[] Inputs(Device device) => [randn(32, 64, device: device)];
}
