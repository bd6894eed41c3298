using KernelBench;
using KernelGen.Engine.Verification;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Samples.Tests;

/// <summary>Every port's reference at the reduced size: it runs, its output matches KernelBench's spec, it is informative.</summary>
public sealed class ReferenceTests
{
    /// <summary>
    /// KernelBench's output shapes at the ports' reduced sizes, derived by hand from each problem's forward (not from the
    /// ports): elementwise ops keep the shape, keepdim reductions keep a 1, the MLPs end in output_size, and so on.
    /// </summary>
    static readonly Dictionary<string, long[]> ExpectedOutputShapes = new()
    {
        ["L1-1"] = [256, 256],
        ["L1-19"] = [256, 4096], ["L1-20"] = [256, 4096], ["L1-21"] = [256, 4096], ["L1-22"] = [256, 4096],
        ["L1-23"] = [256, 4096], ["L1-24"] = [256, 4096], ["L1-25"] = [256, 4096], ["L1-26"] = [256, 4096],
        ["L1-27"] = [256, 4096], ["L1-28"] = [256, 4096], ["L1-29"] = [256, 4096], ["L1-30"] = [256, 4096],
        ["L1-31"] = [256, 4096], ["L1-32"] = [256, 4096], ["L1-88"] = [256, 4096],
        ["L1-36"] = [8, 64, 16, 16], ["L1-37"] = [8, 64, 16, 16], ["L1-38"] = [128, 4095], ["L1-39"] = [128, 4095],
        ["L1-40"] = [4, 16, 32, 32], ["L1-47"] = [16, 1, 255], ["L1-48"] = [16, 255], ["L1-89"] = [64, 4096],
        ["L2-9"] = [128, 512], ["L2-12"] = [128, 512], ["L2-14"] = [128, 1], ["L2-18"] = [128, 1], ["L2-22"] = [128, 1], ["L2-29"] = [128, 512],
        ["L2-30"] = [64, 8192], ["L2-37"] = [128, 4096], ["L2-40"] = [128, 512], ["L2-45"] = [128], ["L2-53"] = [128, 512],
        ["L2-56"] = [64, 1], ["L2-59"] = [64, 1024], ["L2-62"] = [64, 8192], ["L2-63"] = [128, 512], ["L2-68"] = [64, 1024],
        ["L2-70"] = [128, 512], ["L2-76"] = [128, 512], ["L2-81"] = [128, 512], ["L2-86"] = [128, 512], ["L2-88"] = [64, 8192],
        ["L2-95"] = [128, 512], ["L2-99"] = [128, 512],
        ["L3-1"] = [32, 128], ["L3-2"] = [32, 256], ["L3-3"] = [64, 256], ["L3-4"] = [64, 20], ["L3-43"] = [4, 64, 64],
        ["L3-50"] = [2, 64, 96],
    };

    /// <summary>
    /// Problems whose outputs are small against their inputs by construction (a softmax over thousands of elements, a
    /// division by the norm of the whole tensor): the detector rightly says an absolute tolerance would accept zeros.
    /// Each carries a note saying so; the test checks that the finding is exactly that one.
    /// </summary>
    static readonly HashSet<string> InherentlyTiny = ["L1-23", "L1-37", "L2-99"];

    [Fact]
    public void Every_port_has_an_expected_output_shape() =>
        Assert.Equal(Problem.All.Select(p => p.Key).Order(), ExpectedOutputShapes.Keys.Order());

    [Theory]
    [MemberData(nameof(Problems.Keys), MemberType = typeof(Problems))]
    public void The_reference_runs_at_the_reduced_size_with_KernelBenchs_output_shape_and_dtype(string key)
    {
        var problem = Problems.ByKey(key);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var module = problem.Create();
        var inputs = problem.SampleInputs(CPU);
        Assert.All(inputs, i => Assert.Equal(ScalarType.Float32, i.dtype));
        var output = problem.RunReference(module, inputs);
        Assert.Equal(ScalarType.Float32, output.dtype);
        Assert.Equal(ExpectedOutputShapes[key], output.shape);
        Assert.True(output.isfinite().all().item<bool>(), $"{key}: non-finite outputs at the sample inputs");
    }

    /// <summary>PyTorch's state_dict keys for these problems, read off KernelBench's attribute names (the cross-check loads by name).</summary>
    [Theory]
    [InlineData("L1-40", "ln.weight ln.bias")]
    [InlineData("L2-14", "weight")]
    [InlineData("L2-30", "gemm.weight gemm.bias group_norm.weight group_norm.bias")]
    [InlineData("L2-68", "linear.weight linear.bias constant")]
    [InlineData("L2-76", "gemm.weight bias")]
    [InlineData("L2-88", "gemm.weight gemm.bias group_norm.weight group_norm.bias multiply_weight")]
    [InlineData("L3-1", "network.0.weight network.0.bias network.2.weight network.2.bias network.4.weight network.4.bias")]
    [InlineData("L3-4", "conv1.weight conv1.bias conv2.weight conv2.bias fc1.weight fc1.bias fc2.weight fc2.bias fc3.weight fc3.bias")]
    [InlineData("L3-43", "c_attn.weight c_attn.bias c_proj.weight c_proj.bias bias")]
    public void State_dict_names_are_PyTorchs(string key, string names)
    {
        using var module = Problems.ByKey(key).Create();
        Assert.Equal(names.Split(' ').Order(), module.state_dict().Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Problems.Keys), MemberType = typeof(Problems))]
    public void Module_state_is_float32_as_in_PyTorch(string key)
    {
        using var module = Problems.ByKey(key).Create();
        Assert.All(module.state_dict(), entry => Assert.True(entry.Value.dtype == ScalarType.Float32, $"{key}: {entry.Key} is {entry.Value.dtype}"));
    }

    [Theory]
    [MemberData(nameof(Problems.Keys), MemberType = typeof(Problems))]
    public void The_sample_inputs_give_outputs_the_verifiers_degenerate_detector_accepts(string key)
    {
        var problem = Problems.ByKey(key);
        var findings = DegenerateFindings(problem);
        if (InherentlyTiny.Contains(key))
        {
            Assert.Contains("absolute tolerance would accept all zeros", Assert.Single(findings), StringComparison.Ordinal);
            Assert.NotNull(problem.Info.Note);
        }
        else
        {
            Assert.Empty(findings);
        }
    }

    /// <summary>
    /// The verifier's detector over three draws of the problem's own sample inputs, with the float64 reference as the
    /// oracle and the module's default initialisation (as KernelBench runs it). The draws are labelled as the
    /// detector's randn trials so that its magnitude check judges the sample inputs themselves.
    /// </summary>
    static IReadOnlyList<string> DegenerateFindings(Problem problem)
    {
        using var noGrad = no_grad();
        using var detector = new DegenerateOutputDetector();
        manual_seed(20261126);
        using var module = problem.Create();
        module.to(ScalarType.Float64);
        for (var draw = 0; draw < 3; draw++)
        {
            using var scope = NewDisposeScope();
            manual_seed(draw);
            var inputs = problem.SampleInputs(CPU).Select(i => i.to(ScalarType.Float64)).ToArray();
            var oracle = problem.RunReference(module, inputs);
            detector.Observe(new Trial(draw, InputDistribution.All[0], new Dictionary<string, long>(), CandidateFirst: false), fullShape: true, inputs, oracle);
        }
        return detector.Findings();
    }
}
