using KernelGen.Engine.Verification;

namespace KernelGen.Engine.Tests;

/// <summary>A mixed-dtype module (float32 in, int64 out): integer outputs are compared exactly, special values included.</summary>
[Collection(WorkerCollection.Name)]
public sealed class IntegerOutputTests(WorkerFixture fixture)
{
    static string ArgMax(string rowBody) => $$"""
        using System;
        using KernelGen.Cpu;

        namespace Candidates;

        public static class ArgMaxKernel
        {
            public static void Run(ReadOnlyTensorView<float> x, TensorView<long> output)
            {
                var width = (int)x.Size(-1);
                var result = output.Span;
                for (var row = 0; row < result.Length; row++)
                {
                    var values = x.Slice((long)row * width, width);
        {{rowBody}}
                }
            }
        }
        """;

    /// <summary>First maximal index; the first NaN wins, as in PyTorch.</summary>
    const string FirstMaxNanWins = """
                    var best = 0;
                    for (var i = 0; i < values.Length; i++)
                    {
                        if (float.IsNaN(values[i])) { best = i; break; }
                        if (values[i] > values[best]) best = i;
                    }
                    result[row] = best;
        """;

    /// <summary>Last maximal index: right on continuous inputs, wrong on ties (integer-valued and sparse inputs).</summary>
    const string LastMaxOnTies = """
                    var best = 0;
                    for (var i = 0; i < values.Length; i++)
                    {
                        if (float.IsNaN(values[i])) { best = i; break; }
                        if (values[i] >= values[best]) best = i;
                    }
                    result[row] = best;
        """;

    /// <summary>Ignores NaN: right on finite inputs, wrong where the reference defines NaN as the maximum.</summary>
    const string IgnoresNan = """
                    var best = 0;
                    for (var i = 0; i < values.Length; i++)
                        if (values[i] > values[best]) best = i;
                    result[row] = best;
        """;

    Task<Pipeline.CandidateEvaluation> Evaluate(string source) =>
        fixture.Evaluator.EvaluateAsync(fixture.ArgMax, WorkerFixture.AssemblyPath, source, "candidate.cs", "candidate", benchmark: false);

    [Fact]
    public async Task A_correct_integer_output_kernel_is_accepted()
    {
        var result = (await Evaluate(ArgMax(FirstMaxNanWins))).Result;

        Assert.True(result.Verdict == Verdict.Accepted, $"{result.FailingCheck}: {result.Reason}");
        Assert.Equal("int64", fixture.ArgMax.Contract.Output.Dtype);
    }

    [Theory]
    [InlineData(LastMaxOnTies)]
    [InlineData(IgnoresNan)]
    public async Task An_integer_output_that_differs_anywhere_is_rejected(string rowBody)
    {
        var result = (await Evaluate(ArgMax(rowBody))).Result;

        Assert.Equal(Verdict.Rejected, result.Verdict);
        Assert.Equal("oracle-accuracy", result.FailingCheck);
        Assert.Contains("integer outputs must match exactly", result.Reason);
    }
}
