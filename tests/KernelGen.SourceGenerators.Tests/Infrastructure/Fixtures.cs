namespace KernelGen.SourceGenerators.Tests.Infrastructure;

/// <summary>The modules and kernels the tests build on: a QuickStart-style RMSNorm and a scalar CPU kernel for it.</summary>
static class Fixtures
{
    public const string ModuleName = "QuickStart.RmsNorm";
    public const string EntryPoint = "KernelGen.Kernels.QuickStart.RmsNorm.RmsNormScalar";
    public const string KernelFile = "cpu/rmsnorm-scalar.cs";
    public const string VariantId = "rmsnorm-scalar";

    public const string Usings = """
        using KernelGen;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace QuickStart;

        """;

    /// <summary>The RMSNorm module with <paramref name="reference"/> as its reference's expression body.</summary>
    public static string RmsNorm(string reference = "x * rsqrt((x * x).mean(new long[] { -1 }, true) + Eps) * weight") => Usings + $$"""
        [GenerateKernels]
        public sealed partial class RmsNorm : nn.Module<Tensor, Tensor>
        {
            const double Eps = 1e-6;
            readonly TorchSharp.Modules.Parameter weight;

            public RmsNorm() : base(nameof(RmsNorm))
            {
                weight = nn.Parameter(ones(8));
                RegisterComponents();
            }

            [KernelReference]
            Tensor Reference(Tensor x) => {{reference}};
        }
        """;

    /// <summary>A kernel for <see cref="RmsNorm"/>; <paramref name="extraMembers"/> and <paramref name="body"/> let tests break the ABI.</summary>
    public static string Kernel(string body = DefaultKernelBody, string extraMembers = "", string usings = "") => $$"""
        using System;
        using System.Threading.Tasks;
        using KernelGen.Cpu;
        {{usings}}
        namespace KernelGen.Kernels.QuickStart.RmsNorm;

        public static class RmsNormScalar
        {
            const double Eps = 1e-6;
            {{extraMembers}}

            public static void Run(ReadOnlyTensorView<float> x, ReadOnlyTensorView<float> weight, TensorView<float> output)
            {
                {{body}}
            }
        }
        """;

    const string DefaultKernelBody = """
                var columns = (int)x.Size(-1);
                var rows = (int)(x.Length / columns);
                Parallel.For(0, rows, row =>
                {
                    var input = x.Slice((long)row * columns, columns);
                    var scale = weight.Span;
                    var result = output.Slice((long)row * columns, columns);
                    var sum = 0.0;
                    foreach (var value in input) sum += value * value;
                    var inverse = (float)(1.0 / Math.Sqrt(sum / columns + Eps));
                    for (var i = 0; i < columns; i++) result[i] = input[i] * inverse * scale[i];
                });
        """;
}
