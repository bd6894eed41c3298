using KernelBench;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Samples.Tests;

/// <summary>
/// Float64 checks of the ports' semantics against values computed by hand (plain C# loops over the module's own
/// parameters), where a TorchSharp op could differ from PyTorch's: slopes, GELU variants, epsilons, reduction dims.
/// </summary>
public sealed class SemanticsTests
{
    const double Tight = 1e-12;

    [Fact]
    public void LeakyReLU_uses_KernelBenchs_default_slope_of_0_01()
    {
        double[] x = [-2, -0.5, 0, 0.5, 3];
        var y = RunFloat64("L1-20", x, [1, 5]);
        AssertClose(x.Select(v => v < 0 ? 0.01 * v : v).ToArray(), y, Tight);
    }

    [Fact]
    public void HardTanh_clamps_to_minus_1_and_1()
    {
        // TorchSharp 0.107's functional.hardtanh returns its input unchanged; the PyTorch cross-check caught the port
        // using it (docs/kernelbench.md). This pins the port to PyTorch's semantics whatever TorchSharp does.
        double[] x = [-3, -1.5, -0.5, 0, 0.5, 1.5, 3];
        var y = RunFloat64("L1-32", x, [1, 7]);
        AssertClose(x.Select(v => Math.Clamp(v, -1, 1)).ToArray(), y, Tight);
    }

    [Theory]
    [InlineData("L2-30", "group_norm")]
    [InlineData("L2-37", "group_norm")]
    [InlineData("L2-62", "gn")]
    [InlineData("L2-88", "group_norm")]
    public void GroupNorm_starts_with_PyTorchs_affine_init(string key, string norm)
    {
        // TorchSharp 0.107's GroupNorm leaves its weight uninitialised (NaN or garbage, run to run); PyTorch's is 1 and
        // its bias 0, which is what KernelBench's models compute with.
        using var module = Problems.ByKey(key).Create();
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.True(parameters[$"{norm}.weight"].eq(1).all().item<bool>(), $"{key}: {norm}.weight is not all ones");
        Assert.True(parameters[$"{norm}.bias"].eq(0).all().item<bool>(), $"{key}: {norm}.bias is not all zeros");
    }

    [Fact]
    public void GELU_is_the_exact_erf_form_not_the_tanh_approximation()
    {
        // Φ(1) and -Φ(-1) · 1 to 16 digits; the tanh approximation gives 0.841191990608277 at 1.
        var y = RunFloat64("L1-26", [1.0, -1.0], [1, 2]);
        AssertClose([0.8413447460685429, -0.15865525393145707], y, 1e-15);
    }

    [Fact]
    public void MinGPTNewGelu_is_the_tanh_approximation()
    {
        double[] x = [-3, -1, 0.25, 1, 2.5];
        var y = RunFloat64("L1-88", x, [1, 5]);
        AssertClose(x.Select(v => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))).ToArray(), y, Tight);
    }

    [Fact]
    public void RMSNorm_divides_by_the_root_mean_square_over_dim_1_plus_eps_1e_minus_5()
    {
        const int batch = 2, features = 64, inner = 3;
        var x = Draw(batch * features * inner, seed: 1, scale: 1e-3);   // small values make eps matter
        var y = RunFloat64("L1-36", x, [batch, features, inner, 1]);
        var expected = new double[x.Length];
        for (var b = 0; b < batch; b++)
            for (var i = 0; i < inner; i++)
            {
                double sumSquares = 0;
                for (var f = 0; f < features; f++) sumSquares += Math.Pow(x[(b * features + f) * inner + i], 2);
                var rms = Math.Sqrt(sumSquares / features + 1e-5);
                for (var f = 0; f < features; f++) expected[(b * features + f) * inner + i] = x[(b * features + f) * inner + i] / rms;
            }
        AssertClose(expected, y, Tight);
    }

    [Fact]
    public void Gemm_Multiply_LeakyReLU_multiplies_by_2_then_uses_slope_0_1()
    {
        var (module, problem) = Float64Module("L2-12");
        var weight = Data(module, "gemm.weight");
        var bias = Data(module, "gemm.bias");
        var (rows, inFeatures, outFeatures) = (3, 512, 512);
        var x = Draw(rows * inFeatures, seed: 2, scale: 4);
        var y = Run(problem, module, x, [rows, inFeatures]);
        var expected = new double[rows * outFeatures];
        for (var r = 0; r < rows; r++)
            for (var o = 0; o < outFeatures; o++)
            {
                var v = bias[o];
                for (var i = 0; i < inFeatures; i++) v += x[r * inFeatures + i] * weight[o * inFeatures + i];
                v *= 2.0;
                expected[r * outFeatures + o] = v < 0 ? 0.1 * v : v;
            }
        AssertClose(expected, y, 1e-10);
    }

    [Fact]
    public void Gemm_Divide_Sum_Scaling_sums_over_the_hidden_dim_with_keepdim()
    {
        var (module, problem) = Float64Module("L2-14");
        var weight = Data(module, "weight");
        var (rows, input, hidden) = (4, 1024, 2048);
        var x = Draw(rows * input, seed: 3, scale: 1);
        var y = Run(problem, module, x, [rows, input]);
        var expected = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            double total = 0;
            for (var h = 0; h < hidden; h++)
                for (var i = 0; i < input; i++) total += x[r * input + i] * weight[h * input + i] / 2;
            expected[r] = total * 1.5;
        }
        AssertClose(expected, y, 1e-10);
    }

    [Fact]
    public void Matmul_Sum_Max_AvgPool_LogSumExp_LogSumExp_is_the_row_sum_of_the_linear_layer()
    {
        var (module, problem) = Float64Module("L2-18");
        var (w, b) = (Data(module, "linear.weight"), Data(module, "linear.bias"));
        var (rows, input, output) = (3, 1024, 2048);
        var x = Draw(rows * input, seed: 6, scale: 1);
        var y = Run(problem, module, x, [rows, input]);
        var expected = new double[rows];
        for (var r = 0; r < rows; r++)
            for (var o = 0; o < output; o++)
            {
                expected[r] += b[o];
                for (var i = 0; i < input; i++) expected[r] += x[r * input + i] * w[o * input + i];
            }
        AssertClose(expected, y, 1e-10);   // max, mean and logsumexp over a dim of size 1 return their element
    }

    [Fact]
    public void Matmul_GroupNorm_LeakyReLU_Sum_normalises_512_groups_with_eps_1e_minus_5()
    {
        var (module, problem) = Float64Module("L2-62");
        using (no_grad())
        {
            // Non-trivial affine parameters, so that a dropped weight or bias would show.
            manual_seed(4);
            ((Tensor)module.named_parameters().Single(p => p.name == "gn.weight").parameter).copy_(randn(8192, dtype: ScalarType.Float64));
            ((Tensor)module.named_parameters().Single(p => p.name == "gn.bias").parameter).copy_(randn(8192, dtype: ScalarType.Float64));
        }
        var (w, b, gamma, beta) = (Data(module, "fc.weight"), Data(module, "fc.bias"), Data(module, "gn.weight"), Data(module, "gn.bias"));
        var (rows, input, hidden, groups) = (2, 256, 8192, 512);
        var x = Draw(rows * input, seed: 5, scale: 1e-2);   // small GEMM outputs: the group variance is near eps
        var y = Run(problem, module, x, [rows, input]);
        var expected = new double[rows * hidden];
        var h = new double[hidden];
        for (var r = 0; r < rows; r++)
        {
            for (var o = 0; o < hidden; o++)
            {
                h[o] = b[o];
                for (var i = 0; i < input; i++) h[o] += x[r * input + i] * w[o * input + i];
            }
            var size = hidden / groups;
            for (var g = 0; g < groups; g++)
            {
                var slice = h.AsSpan(g * size, size).ToArray();
                var mean = slice.Average();
                var variance = slice.Select(v => (v - mean) * (v - mean)).Average();   // biased, as GroupNorm
                for (var k = 0; k < size; k++)
                {
                    var o = g * size + k;
                    var n = (h[o] - mean) / Math.Sqrt(variance + 1e-5) * gamma[o] + beta[o];
                    var leaky = n < 0 ? 0.01 * n : n;
                    expected[r * hidden + o] = leaky + leaky;
                }
            }
        }
        AssertClose(expected, y, 1e-9);
    }

    [Fact]
    public void KernelBenchs_own_inputs_make_Matmul_Subtract_Multiply_ReLU_all_zeros_which_is_why_the_port_widens_them()
    {
        var problem = Problems.ByKey("L2-9");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var module = problem.Create();
        var kernelBenchInput = rand(128, 512);                    // get_inputs(): torch.rand(batch, in_features)
        Assert.Equal(0.0, problem.RunReference(module, [kernelBenchInput]).abs().max().ToDouble());
        var portInput = problem.SampleInputs(CPU)[0];
        Assert.True(problem.RunReference(module, [portInput]).gt(0).to(ScalarType.Float64).mean().ToDouble() > 0.05);
    }

    [Fact]
    public void KernelBenchs_own_inputs_make_ReLU_the_identity_which_is_why_the_port_draws_negative_values_too()
    {
        var problem = Problems.ByKey("L1-19");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var module = problem.Create();
        var kernelBenchInput = rand(256, 4096);
        Assert.True(problem.RunReference(module, [kernelBenchInput]).eq(kernelBenchInput).all().item<bool>());
        var portInput = problem.SampleInputs(CPU)[0];
        Assert.False(problem.RunReference(module, [portInput]).eq(portInput).all().item<bool>());
    }

    static (nn.Module Module, Problem Problem) Float64Module(string key)
    {
        var problem = Problems.ByKey(key);
        manual_seed(7);
        var module = problem.Create();
        module.to(ScalarType.Float64);
        return (module, problem);
    }

    static double[] RunFloat64(string key, double[] x, long[] shape)
    {
        var (module, problem) = Float64Module(key);
        using (module) return Run(problem, module, x, shape);
    }

    static double[] Run(Problem problem, nn.Module module, double[] x, long[] shape)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var output = problem.RunReference(module, [tensor(x, shape)]);
        Assert.Equal(ScalarType.Float64, output.dtype);
        return output.data<double>().ToArray();
    }

    static double[] Data(nn.Module module, string name) =>
        module.state_dict()[name].to(ScalarType.Float64).data<double>().ToArray();

    static double[] Draw(int count, int seed, double scale)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 2 - 1) * scale)];
    }

    static void AssertClose(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Select(Math.Abs).Max();
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * Math.Max(scale, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
