using KernelGen.Engine.Cache;
using System.Security.Cryptography;
using System.Text;
using KernelGen.Engine.Generation;

namespace KernelGen.Engine.Tests.Generation;

public sealed class KernelPromptBuilderTests
{
    const string RmsNormSource = """
        [GenerateKernels]
        public sealed partial class RmsNorm(long dim) : Module<Tensor, Tensor>(nameof(RmsNorm))
        {
            const double Eps = 1e-6;
            readonly Parameter weight = Parameter(ones(dim));

            [KernelReference]
            Tensor Reference(Tensor x) => x * rsqrt(x.pow(2).mean([-1], keepdim: true) + Eps) * weight;
        }
        """;

    // 4096x4096 float32 in and out plus a 4096 weight: 134,234,112 bytes, 1.342 ms at 100 GB/s.
    static readonly KernelPromptContext RmsNorm = new(
        "QuickStart.RmsNorm", RmsNormSource,
        [new TensorSpec("x", "float32", [4096, 4096])],
        [new TensorSpec("weight", "float32", [4096])],
        new TensorSpec("output", "float32", [4096, 4096]),
        BytesMoved: 134_234_112, BandwidthGBps: 100);

    static readonly KernelPromptContext ThreeInputs = new(
        "Samples.GatherScale", "Tensor Reference(Tensor values, Tensor index, Tensor scale) => values.gather(1, index) * scale;",
        [new TensorSpec("values", "float32", [64, 128]), new TensorSpec("index", "int64", [64, 8]), new TensorSpec("scale", "float64", [64, 8])],
        [],
        new TensorSpec("output", "float32", [64, 8]),
        BytesMoved: 45_056, BandwidthGBps: 200);

    [Fact]
    public void Initial_prompt_has_the_exact_run_signature_for_one_input_and_one_state_tensor()
    {
        string prompt = new KernelPromptBuilder().BuildInitialPrompt(RmsNorm);

        Assert.Contains("public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)\n", prompt);
        Assert.Contains("namespace `KernelGen.Kernels.QuickStart.RmsNorm` and class name `RmsNormKernel`", prompt);
        Assert.Contains("""
            | argument | role | dtype | sample shape | C# type |
            |---|---|---|---|---|
            | `x` | input | float32 | [4096, 4096] | `ReadOnlyTensorView<float>` |
            | `weight` | state | float32 | [4096] | `ReadOnlyTensorView<float>` |
            | `output` | output | float32 | [4096, 4096] | `TensorView<float>` |

            ## Kernel ABI
            """, prompt);
    }

    [Fact]
    public void Initial_prompt_has_the_exact_run_signature_for_three_inputs_of_different_dtypes()
    {
        string prompt = new KernelPromptBuilder().BuildInitialPrompt(ThreeInputs);

        Assert.Contains(
            "public static void Run(ReadOnlyTensorView<float> values, ReadOnlyTensorView<long> index, ReadOnlyTensorView<double> scale, TensorView<float> output)\n",
            prompt);
    }

    [Fact]
    public void Initial_prompt_has_the_reference_source_speed_of_light_rules_and_answer_format()
    {
        string prompt = new KernelPromptBuilder().BuildInitialPrompt(RmsNorm);

        Assert.Contains("```csharp\n" + RmsNormSource.ReplaceLineEndings("\n") + "\n```", prompt);
        Assert.Contains("134,234,112 bytes (128.0 MiB)", prompt);
        Assert.Contains("100 GB/s of memory bandwidth its speed of light is 1.342 ms", prompt);
        Assert.Contains("The output arrives poisoned", prompt);
        Assert.Contains("Never hard-code a size", prompt);
        Assert.Contains("Forbidden (the file is rejected before it runs): `unsafe` code", prompt);
        Assert.Contains("Answer with exactly one ```csharp fenced code block that contains the whole file", prompt);
        Assert.DoesNotContain("{{", prompt);
    }

    [Fact]
    public void Run_parameter_names_are_valid_unique_identifiers()
    {
        var context = RmsNorm with
        {
            Inputs = [new TensorSpec("in", "float32", [8]), new TensorSpec("output", "float32", [8])],
            State = [new TensorSpec("fc.weight", "float16", [8]), new TensorSpec("fc_weight", "bool", [8]), new TensorSpec("0", "uint8", [8])],
        };

        Assert.Equal(
            "public static void Run(ReadOnlyTensorView<float> @in, ReadOnlyTensorView<float> output, ReadOnlyTensorView<Half> fc_weight, " +
            "ReadOnlyTensorView<bool> fc_weight2, ReadOnlyTensorView<byte> _0, TensorView<float> output2)",
            CpuRunSignature.For(context).ToString());
    }

    [Fact]
    public void A_dtype_without_a_cpu_element_type_is_rejected()
    {
        var context = RmsNorm with { Inputs = [new TensorSpec("x", "bfloat16", [8])] };

        var exception = Assert.Throws<ArgumentException>(() => new KernelPromptBuilder().BuildInitialPrompt(context));
        Assert.Contains("bfloat16", exception.Message);
    }

    [Fact]
    public void Compiler_errors_are_fed_back_with_the_signature_and_at_most_the_first_thirty()
    {
        string[] errors = [.. Enumerable.Range(1, 35).Select(i => $"kernel.cs({i},1): error CS0103: name 'n{i}' does not exist")];

        string prompt = new KernelPromptBuilder().BuildRefinementPrompt(RmsNorm, new CompilerErrorsFeedback(errors));

        Assert.Contains("(35 errors, the first 30 shown)", prompt);
        Assert.Contains("shown):\n\n- kernel.cs(1,1): error CS0103: name 'n1' does not exist\n- kernel.cs(2,1)", prompt);
        Assert.Contains("- kernel.cs(30,1): error CS0103: name 'n30' does not exist\n\nFix every error.", prompt);
        Assert.DoesNotContain("n31", prompt);
        Assert.Contains("public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)", prompt);
        Assert.Contains("exactly one ```csharp fenced code block", prompt);
    }

    [Fact]
    public void A_failed_verification_check_is_fed_back_with_its_numbers()
    {
        var feedback = new VerificationFailureFeedback("oracle", "error 40x the reference's own float32 error",
            [new VerificationEvidence("shape", "[17, 4093]"), new VerificationEvidence("max abs error", "3.1e-4")]);

        string prompt = new KernelPromptBuilder().BuildRefinementPrompt(RmsNorm, feedback);

        Assert.Contains("failed the verification check `oracle`: error 40x the reference's own float32 error", prompt);
        Assert.Contains("- shape: [17, 4093]\n- max abs error: 3.1e-4\n", prompt);
    }

    [Fact]
    public void A_benchmark_is_fed_back_against_the_reference_and_the_speed_of_light()
    {
        var feedback = new BenchmarkFeedback(TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(4.5));

        string prompt = new KernelPromptBuilder().BuildRefinementPrompt(RmsNorm, feedback);

        Assert.Contains("It ran in 2.000 ms, against 4.500 ms for the reference (speedup 2.25x).\n", prompt);
        Assert.Contains("The speed of light at 100 GB/s is 1.342 ms, so it reached 67.1% of it.\n", prompt);
    }

    [Fact]
    public void An_unusable_answer_is_fed_back_with_its_problem()
    {
        string prompt = new KernelPromptBuilder().BuildRefinementPrompt(RmsNorm, new AnswerFormatFeedback("the answer was cut off"));

        Assert.StartsWith("Your previous answer could not be used: the answer was cut off\n", prompt);
    }

    [Fact]
    public void Template_hash_covers_both_embedded_templates_and_ignores_line_ends()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File(PromptTemplates.InitialFileName), PromptTemplates.CpuInitial.ReplaceLineEndings("\r\n"));
        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            PromptTemplates.CpuInitial.ReplaceLineEndings("\n") + "\0" + PromptTemplates.CpuRefinement.ReplaceLineEndings("\n"))));

        Assert.Equal(expected, new KernelPromptBuilder().PromptTemplateSha256);
        Assert.Equal(expected, new KernelPromptBuilder(directory.Path).PromptTemplateSha256);
    }

    [Fact]
    public void A_template_file_in_the_directory_replaces_the_embedded_one()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("cpu.scriban"), "Custom prompt for {{ module_name }}: {{ run_signature }}");

        var builder = new KernelPromptBuilder(directory.Path);

        Assert.Equal("Custom prompt for QuickStart.RmsNorm: public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)",
            builder.BuildInitialPrompt(RmsNorm));
        Assert.NotEqual(new KernelPromptBuilder().PromptTemplateSha256, builder.PromptTemplateSha256);
        // The refinement template was not overridden, so the embedded one is still used.
        Assert.Contains("The signature stays exactly", builder.BuildRefinementPrompt(RmsNorm, new AnswerFormatFeedback("no code")));
    }

    [Fact]
    public void A_template_with_an_unknown_variable_fails_to_render_instead_of_leaving_a_hole()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("cpu.scriban"), "Signature: {{ run_signatur }}");

        var exception = Assert.Throws<PromptTemplateException>(() => new KernelPromptBuilder(directory.Path).BuildInitialPrompt(RmsNorm));
        Assert.Contains("cpu.scriban", exception.Message);
    }

    [Fact]
    public void A_template_that_does_not_parse_fails_at_construction()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("cpu-refine.scriban"), "{{ for x in feedback.errors }} never closed");

        var exception = Assert.Throws<PromptTemplateException>(() => new KernelPromptBuilder(directory.Path));
        Assert.Contains("cpu-refine.scriban", exception.Message);
    }

    [Fact]
    public void A_missing_template_directory_is_an_error()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new KernelPromptBuilder("/nonexistent/kernelgen-templates"));
    }
}
