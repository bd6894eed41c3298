using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KernelBench;
using KernelBench.Cuda;
using KernelGen.Runtime;

namespace KernelGen.Samples.Tests;

/// <summary>
/// The KernelBench CUDA kernels without a GPU: the catalogue the GPU runner reads agrees with the committed kernel
/// cache (file, hash, entry point, domain), the generator baked every verified variant into its module, and the
/// committed H100 run covered every port.
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
        var symbols = variant["shapeDomain"]!["symbols"]!.AsArray().Select(s => $"{s!["name"]}={s["min"]}..{s["max"]}");
        Assert.Equal(entry.Symbols, string.Join(" ", symbols));
        Assert.Equal(100, variant["verification"]!["trials"]!.GetValue<int>());
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
        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "benchmarks", "kernelbench-cuda", "2026-11-26-h100", "cuda-kernelbench.json")))!;
        var keys = run["problems"]!.AsArray().Select(p => p!["key"]!.GetValue<string>());
        Assert.Equal(Problem.All.Select(p => p.Key), keys);
    }
}
