using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using KernelBench;
using KernelBench.CrossCheck;
using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Samples.Tests;

/// <summary>
/// The C# half of the PyTorch cross-check, on a folder in crosscheck.py's format written here from the port itself
/// (no PyTorch on this machine): the reader, the state loading, the metric and each failure are exercised.
/// </summary>
public sealed class CrossCheckTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("kernelbench-crosscheck-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_folder_holding_the_ports_own_results_passes_with_zero_float64_error()
    {
        var (problem, record) = WriteFolder("L2-62");
        var result = CrossChecker.Check(problem, record, folder);
        Assert.True(result.Passed, result.Failure);
        Assert.Equal(0.0, result.Float64Error);
        Assert.Equal([64L, 8192], result.Shape!);
    }

    [Fact]
    public void A_float64_output_off_by_one_part_per_million_fails_the_float64_check()
    {
        var (problem, record) = WriteFolder("L2-12", perturbFloat64Output: 1 + 1e-6);
        var result = CrossChecker.Check(problem, record, folder);
        Assert.False(result.Passed);
        Assert.StartsWith("float64 error", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void State_names_that_differ_from_PyTorchs_fail_with_both_lists()
    {
        var (problem, record) = WriteFolder("L2-12");
        record = record with { State = [.. record.State.Select(s => s.Name == "gemm.bias" ? s with { Name = "linear.bias" } : s)] };
        var result = CrossChecker.Check(problem, record, folder);
        Assert.False(result.Passed);
        Assert.Contains("missing in PyTorch's [gemm.bias]", result.Failure, StringComparison.Ordinal);
        Assert.Contains("not in the port [linear.bias]", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_of_another_size_fail_with_both_shapes()
    {
        var (problem, record) = WriteFolder("L1-19");
        var other = Write("other.bin", rand(8, 8));
        var result = CrossChecker.Check(problem, record with { Inputs = [other] }, folder);
        Assert.False(result.Passed);
        Assert.Contains("PyTorch [8, 8], port [256, 4096]", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_an_error_naming_it()
    {
        var entry = Write("x.bin", rand(4, 4));
        File.WriteAllBytes(Path.Combine(folder, "x.bin"), new byte[10]);
        var error = Assert.Throws<InvalidOperationException>(() => RawTensorFile.Read(folder, entry));
        Assert.Contains("x.bin: 10 bytes, expected 16 × 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_reads_the_json_crosscheck_py_writes()
    {
        const string json = """
            {"torch": "2.11.0", "seed": 42, "device": "cpu", "problems": [{"level": 1, "id": 19, "name": "ReLU", "training": true,
             "inputs": [{"file": "L1-19/input0.bin", "dtype": "float32", "shape": [256, 4096]}],
             "state": [],
             "outputFloat32": {"file": "L1-19/output.float32.bin", "dtype": "float32", "shape": [256, 4096]},
             "outputFloat64": {"file": "L1-19/output.float64.bin", "dtype": "float64", "shape": [256, 4096]}}]}
            """;
        File.WriteAllText(Path.Combine(folder, "manifest.json"), json);
        var manifest = CrossCheckManifest.Read(folder);
        Assert.Equal("2.11.0", manifest.Torch);
        var record = Assert.Single(manifest.Problems);
        Assert.Equal((1, 19, "float64"), (record.Level, record.Id, record.OutputFloat64.Dtype));
        Assert.Equal([256L, 4096], record.Inputs[0].Shape);
    }

    [Fact]
    public void The_command_reports_each_problem_and_fails_while_some_ports_are_not_in_the_manifest()
    {
        var (_, record) = WriteFolder("L1-19");
        var manifest = new CrossCheckManifest("test", 11, "cpu", [record]);
        File.WriteAllText(Path.Combine(folder, "manifest.json"), JsonSerializer.Serialize(manifest));
        var reportPath = Path.Combine(folder, "report.json");

        Assert.Equal(3, CrossCheckCommand.Run(folder, reportPath));

        var report = JsonNode.Parse(File.ReadAllText(reportPath))!;
        var result = Assert.Single(report["results"]!.AsArray())!;
        Assert.Equal(("L1-19", true), ((string?)result["key"], (bool)result["passed"]!));
        Assert.Equal(Problem.All.Count - 1, report["notCrossChecked"]!.AsArray().Count);
    }

    [Fact]
    public void A_missing_manifest_says_to_run_the_python_script_first()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CrossCheckManifest.Read(folder));
        Assert.Contains("crosscheck.py", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Writes what crosscheck.py would, computed by the port itself in float32 and float64.</summary>
    (Problem Problem, ProblemRecord Record) WriteFolder(string key, double perturbFloat64Output = 1)
    {
        var problem = Problems.ByKey(key);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var module32 = problem.Create();
        var inputs = problem.SampleInputs(CPU);
        var state = module32.state_dict().Select(p => new StateFile(p.Key, $"{key}/state/{p.Key}.bin", "float32", p.Value.shape)).ToArray();
        foreach (var (entry, value) in state.Zip(module32.state_dict().Values)) Write(entry.File, value);
        using var module64 = problem.Create();
        module64.load_state_dict(module32.state_dict());
        module64.to(ScalarType.Float64);
        var out32 = problem.RunReference(module32, inputs);
        var out64 = problem.RunReference(module64, [.. inputs.Select(i => i.to(ScalarType.Float64))]) * perturbFloat64Output;
        var record = new ProblemRecord(problem.Info.Level, problem.Info.Id, problem.Info.Name, true,
            [.. inputs.Select((x, i) => Write($"{key}/input{i}.bin", x))], state,
            Write($"{key}/output.float32.bin", out32), Write($"{key}/output.float64.bin", out64));
        return (problem, record);
    }

    TensorFile Write(string relative, Tensor value)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = value.dtype == ScalarType.Float64
            ? MemoryMarshal.AsBytes(value.contiguous().data<double>().ToArray().AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(value.contiguous().data<float>().ToArray().AsSpan()).ToArray();
        File.WriteAllBytes(path, bytes);
        return new TensorFile(relative, value.dtype == ScalarType.Float64 ? "float64" : "float32", value.shape);
    }
}
