namespace KernelGen.Engine.Tests.Corpus;

/// <summary>Templates that wrap a kernel body in the file a candidate must be, one per corpus module.</summary>
static class KernelSources
{
    public const string RmsNormEntryPoint = "Candidates.RmsNormKernel";
    public const string SiluMulEntryPoint = "Candidates.SiluMulKernel";
    public const string SoftmaxEntryPoint = "Candidates.SoftmaxKernel";

    /// <summary>RMSNorm with the given body; <paramref name="members"/> goes into the class (helpers, fields).</summary>
    public static string RmsNorm(string body, string members = "", string usings = "") => $$"""
        using System;
        using System.Numerics;
        using System.Threading.Tasks;
        using KernelGen.Cpu;
        {{usings}}

        namespace Candidates;

        public static class RmsNormKernel
        {
        {{members}}
            public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)
            {
        {{body}}
            }
        }
        """;

    public const string SumOfSquaresInDouble = "double sum = 0; for (var i = 0; i < width; i++) sum += (double)r[i] * r[i];";
    public const string ScaleFromMean = "var scale = (float)(1.0 / Math.Sqrt(sum / width + 1e-6));";
    public const string WriteScaledWeighted = "for (var i = 0; i < width; i++) o[i] = r[i] * scale * w[i];";

    /// <summary>
    /// A serial RMSNorm row by row; each part can be replaced: <paramref name="accumulate"/> defines <c>sum</c> from the
    /// row <c>r</c>, <paramref name="scale"/> defines <c>scale</c>, <paramref name="write"/> fills the output row <c>o</c>.
    /// </summary>
    /// <paramref name="before"/> and <paramref name="after"/> run around the loop (they see <c>input</c> and <c>result</c>).
    public static string RmsNormRows(
        string accumulate = SumOfSquaresInDouble, string scale = ScaleFromMean, string write = WriteScaledWeighted, string rowLimit = "rows",
        string members = "", string before = "", string after = "") => RmsNorm($$"""
                var width = (int)weight.Length;
                var input = x.Span;
                var w = weight.Span;
                var result = output.Span;
                var rows = input.Length / width;
                {{before}}
                for (var row = 0; row < {{rowLimit}}; row++)
                {
                    var r = input.Slice(row * width, width);
                    var o = result.Slice(row * width, width);
                    {{accumulate}}
                    {{scale}}
                    {{write}}
                }
                {{after}}
        """, members);

    public static string SiluMul(string body, string members = "") => $$"""
        using System;
        using System.Numerics;
        using System.Threading.Tasks;
        using KernelGen.Cpu;

        namespace Candidates;

        public static class SiluMulKernel
        {
        {{members}}
            public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> y, TensorView<float> output)
            {
                var a = x.Span;
                var b = y.Span;
                var result = output.Span;
        {{body}}
            }
        }
        """;

    /// <summary>Softmax over the last dim of x [rows, width]; the body sees <c>input</c>, <c>result</c>, <c>rows</c> and <c>width</c>.</summary>
    public static string Softmax(string body) => $$"""
        using System;
        using KernelGen.Cpu;

        namespace Candidates;

        public static class SoftmaxKernel
        {
            public static void Run(ReadOnlyTensorView<float> x, TensorView<float> output)
            {
                var input = x.Span;
                var result = output.Span;
                var width = (int)x.Size(x.Rank - 1);
                var rows = input.Length / width;
        {{body}}
            }
        }
        """;
}
