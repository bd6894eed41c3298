using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KernelBench;
using KernelBench.Cuda;
using KernelGen.Runtime;

namespace KernelGen.Samples.Tests;

/// <summary>
/// The KernelBench CUDA kernels without a GPU: the catalogue the GPU runner reads agrees with the committed kernel
/// cache (file, hash, entry point, domain, inputs then state), the generator baked every verified variant into its
/// module (next to the CPU variant where there is one), the fold kernels' scratch covers their domain, and the
/// committed H100 run covered every port and is the evidence in the locks.
/// </summary>
public sealed class KernelBenchCudaTests
{
    static readonly string Root = RepositoryPaths.Root;

    public static TheoryData<string> Keys() => [.. CudaKernelCatalog.All.Select(e => e.Key)];

    [Fact]
    public void Every_catalogue_entry_names_a_port_once()
    {
        var ports = Problem.All.Select(p => p.Key).ToHashSet();
        Assert.All(CudaKernelCatalog.All, e => Assert.Contains(e.Key, ports));
        Assert.Equal(CudaKernelCatalog.All.Count, CudaKernelCatalog.All.Select(e => e.Key).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_lock_records_the_catalogued_kernel_as_verified_hand_written_CUDA(string key)
    {
        var entry = CudaKernelCatalog.For(key)!;
        var module = Problem.All.Single(p => p.Key == key).Type.FullName!;
        var folder = Path.Combine(Root, "samples", "KernelBench", "kernels", module);
        var variant = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernelgen.lock.json")))!["variants"]!.AsArray()
            .Single(v => v!["id"]!.GetValue<string>() == entry.VariantId)!;

        Assert.Equal(("cuda", "verified", entry.File, entry.EntryPoint, "hand-written"), (
            variant["backend"]!.GetValue<string>(), variant["status"]!.GetValue<string>(), variant["file"]!.GetValue<string>(),
            variant["entryPoint"]!.GetValue<string>(), variant["provenance"]!["origin"]!.GetValue<string>()));
        var source = File.ReadAllText(Path.Combine(folder, entry.File)).Replace("\r\n", "\n");
        Assert.Equal(variant["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source))));
        Assert.Contains("Hand-written", source, StringComparison.Ordinal);
        var domain = variant["shapeDomain"]!;
        var symbols = domain["symbols"]!.AsArray().Select(s => $"{s!["name"]}={s["min"]}..{s["max"]}");
        Assert.Equal(entry.Symbols, string.Join(" ", symbols));
        Assert.Equal(entry.Arguments, domain["arguments"]!.AsArray().Select(a => Dims(a!)));
        Assert.Equal(entry.Output, Dims(domain["output"]!));
        Assert.Equal(100, variant["verification"]!["trials"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_catalogued_arguments_are_the_references_inputs_then_the_modules_state(string key)
    {
        var entry = CudaKernelCatalog.For(key)!;
        var type = Problem.All.Single(p => p.Key == key).Type;
        var inputs = type.GetMethods(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Single(m => m.GetCustomAttribute<KernelReferenceAttribute>() is not null).GetParameters().Length;
        var state = JsonNode.Parse(File.ReadAllText(LockPath(type)))!["contract"]!["state"]!.AsArray().Count;

        Assert.Equal(inputs + state, entry.Arguments.Length);
    }

    [Theory]
    [InlineData("L2-14", "gemm-sum-folded")]
    [InlineData("L2-18", "linear-sum-folded")]
    public void The_fold_modules_keep_their_CPU_variant_beside_the_CUDA_one(string key, string cpuVariant)
    {
        var entry = CudaKernelCatalog.For(key)!;
        var type = Problem.All.Single(p => p.Key == key).Type;
        var variants = JsonNode.Parse(File.ReadAllText(LockPath(type)))!["variants"]!.AsArray();

        // CPU entries first: the CLI's CPU tools read them, the CUDA one follows (scripts/cuda_locks.py).
        Assert.Equal([(cpuVariant, "cpu", "verified"), (entry.VariantId, "cuda", "verified")],
            variants.Select(v => (v!["id"]!.GetValue<string>(), v["backend"]!.GetValue<string>(), v["status"]!.GetValue<string>())));
        var info = (IKernelModuleInfo)typeof(KernelModules).GetMethod(nameof(KernelModules.Info))!.MakeGenericMethod(type).Invoke(null, null)!;
        Assert.Equal([("cpu", cpuVariant), ("cuda", entry.VariantId)], info.Variants.Select(v => (v.Backend, v.Id)).Order());
    }

    /// <summary>
    /// The folds keep per-row partial sums in a module-scope scratch of MAX_ROWS rows, and their last block finishes one
    /// row per thread: the verified domain must not let N exceed either, or rows would be lost or overwritten.
    /// </summary>
    [Theory]
    [InlineData("L2-14")]
    [InlineData("L2-18")]
    public void The_fold_kernels_scratch_and_last_block_cover_the_verified_rows(string key)
    {
        var entry = CudaKernelCatalog.For(key)!;
        var type = Problem.All.Single(p => p.Key == key).Type;
        var source = File.ReadAllText(Path.Combine(Path.GetDirectoryName(LockPath(type))!, entry.File));
        long Define(string name) => long.Parse(Regex.Match(source, $@"^#define {name} (\d+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        var launch = Regex.Match(source, @"^// kernelgen:launch grid=(\d+) block=(\d+)$", RegexOptions.Multiline);
        var maxRows = long.Parse(Regex.Match(entry.Symbols, @"^N=1\.\.(\d+)$").Groups[1].Value, CultureInfo.InvariantCulture);

        Assert.True(launch.Success, "the launch line has a constant grid and block");
        Assert.Equal(Define("IN") / Define("COLS"), long.Parse(launch.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(Define("THREADS"), long.Parse(launch.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(Define("MAX_ROWS"), maxRows);
        Assert.True(Define("THREADS") >= maxRows, "the last block finishes one row per thread");
        Assert.Equal([$"N,{Define("IN")}", $"{Define("HIDDEN")},{Define("IN")}"], entry.Arguments.Take(2));
    }

    /// <summary>
    /// The LayerNorm kernel hard-codes its row length N and its blocks per row (SLICES): N must be the catalogued
    /// normalized shape, the launch grid B*SLICES, and its loops assume that 4 * THREADS and SLICES divide N / 4
    /// (otherwise a row's tail would be skipped in the statistics or left unwritten).
    /// </summary>
    [Fact]
    public void The_LayerNorm_kernel_constants_match_its_domain_and_launch()
    {
        var entry = CudaKernelCatalog.For("L1-40")!;
        var source = File.ReadAllText(Path.Combine(Path.GetDirectoryName(LockPath(typeof(KernelBench.Level1.P40_LayerNorm)))!, entry.File));
        long Define(string pattern) => long.Parse(Regex.Match(source, $@"^#define {pattern}$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        var launch = Regex.Match(source, @"^// kernelgen:launch grid=B\*(\d+) block=(\d+)$", RegexOptions.Multiline);
        var n = Regex.Match(source, @"^#define N \((\d+)LL \* (\d+) \* (\d+)\)$", RegexOptions.Multiline);
        long rowLength = 1;
        for (var g = 1; g <= 3; g++) rowLength *= long.Parse(n.Groups[g].Value, CultureInfo.InvariantCulture);
        var (slices, threads) = (Define(@"SLICES (\d+)"), Define(@"THREADS (\d+)"));

        Assert.True(launch.Success && n.Success, "the launch line and N have the expected form");
        Assert.Equal($"{n.Groups[1].Value},{n.Groups[2].Value},{n.Groups[3].Value}", entry.Arguments[1]);
        Assert.Equal(["B," + entry.Arguments[1], entry.Arguments[1], entry.Arguments[1]], entry.Arguments);
        Assert.Equal((slices, threads), (long.Parse(launch.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(launch.Groups[2].Value, CultureInfo.InvariantCulture)));
        Assert.Equal(0, rowLength / 4 % (4 * threads));
        Assert.Equal(0, rowLength / 4 % slices);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_generator_baked_the_variant_into_the_module(string key)
    {
        var entry = CudaKernelCatalog.For(key)!;
        var type = Problem.All.Single(p => p.Key == key).Type;
        var info = (IKernelModuleInfo)typeof(KernelModules).GetMethod(nameof(KernelModules.Info))!.MakeGenericMethod(type).Invoke(null, null)!;
        var baked = Assert.Single(info.Variants, v => v.Id == entry.VariantId);
        Assert.Equal("cuda", baked.Backend);
    }

    [Fact]
    public void The_committed_H100_run_covered_every_port()
    {
        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(RunFolder, "cuda-kernelbench.json")))!;
        var keys = run["problems"]!.AsArray().Select(p => p!["key"]!.GetValue<string>());
        Assert.Equal(Problem.All.Select(p => p.Key), keys);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_committed_H100_run_verified_the_kernel_ran_it_through_forward_and_timed_its_baselines(string key)
    {
        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(RunFolder, "cuda-kernelbench.json")))!;
        var problem = run["problems"]!.AsArray().Single(p => p!["key"]!.GetValue<string>() == key)!;
        var cuda = problem["cuda"]!;
        var entry = CudaKernelCatalog.For(key)!;
        var type = Problem.All.Single(p => p.Key == key).Type;
        var locked = JsonNode.Parse(File.ReadAllText(LockPath(type)))!["variants"]!.AsArray().Single(v => v!["id"]!.GetValue<string>() == entry.VariantId)!;

        Assert.Equal(("kernel", "pass", 100), (problem["status"]!.GetValue<string>(), cuda["verification"]!["verdict"]!.GetValue<string>(), cuda["verification"]!["trials"]!.GetValue<int>()));
        Assert.True(cuda["dispatchedThroughModule"]!.GetValue<bool>() && cuda["dispatchMatchesCandidate"]!.GetValue<bool>(), "the baked variant took the call and returned the kernel's bits");
        Assert.Equal(cuda["sha256"]!.GetValue<string>(), locked["sha256"]!.GetValue<string>());
        Assert.Equal(cuda["benchmark"]!["kernelMedianMs"]!.GetValue<double>(), locked["benchmark"]!["kernelMedianMs"]!.GetValue<double>());
        var baselines = JsonNode.Parse(File.ReadAllText(Path.Combine(RunFolder, "cuda-kernelbench-baselines.json")))!["problems"]![key]!;
        Assert.True(baselines["eagerMedianMs"]!.GetValue<double>() > 0 && baselines["compiledMedianMs"]!.GetValue<double>() > 0);
    }

    static readonly string RunFolder = Path.Combine(Root, "benchmarks", "kernelbench-cuda", "2026-11-26-h100");

    static string LockPath(Type module) => Path.Combine(Root, "samples", "KernelBench", "kernels", module.FullName!, "kernelgen.lock.json");

    /// <summary>A lock's dims array (["N", 8192]) in the catalogue's spelling ("N,8192").</summary>
    static string Dims(JsonNode dims) => string.Join(",", dims.AsArray().Select(d => d!.ToString()));
}
