using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace KernelGen.EndToEnd.Tests;

/// <summary>
/// A Metal variant through a real build of the sample: the kernel file reaches the generator through the MSBuild
/// targets, is baked, and on this Linux machine (CPU tensors, no Metal) the app still dispatches to its CPU kernel.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(nameof(QuickStartEndToEndTests))]
public class MetalBakingEndToEndTests
{
    const string MetalKernel = """
        #include <metal_stdlib>
        using namespace metal;

        // kernelgen:launch threads=N*256 threadgroup=256
        kernel void rmsnorm_rows(device const float* x [[buffer(0)]], device const float* weight [[buffer(1)]],
                                 device float* out [[buffer(2)]], constant long& n [[buffer(3)]],
                                 uint row [[threadgroup_position_in_grid]], uint lane [[thread_position_in_threadgroup]],
                                 uint simd_lane [[thread_index_in_simdgroup]], uint simd_group [[simdgroup_index_in_threadgroup]])
        {
            threadgroup float partial[8];
            device const float* in = x + (long)row * 4096;
            float sum = 0.0f;
            for (uint c = lane; c < 4096; c += 256) sum += in[c] * in[c];
            sum = simd_sum(sum);
            if (simd_lane == 0) partial[simd_group] = sum;
            threadgroup_barrier(mem_flags::mem_threadgroup);
            float total = 0.0f;
            for (uint g = 0; g < 8; g++) total += partial[g];
            float scale = rsqrt(total / 4096.0f + 1e-6f);
            for (uint c = lane; c < 4096; c += 256) out[(long)row * 4096 + c] = in[c] * scale * weight[c];
        }
        """;

    [Fact]
    public void A_Metal_variant_is_baked_by_a_real_build_and_CPU_tensors_still_run_the_CPU_kernel()
    {
        using var copy = new SampleCopy();
        Directory.CreateDirectory(copy.PathOf("kernels/QuickStart.RmsNorm/metal"));
        File.WriteAllText(copy.PathOf("kernels/QuickStart.RmsNorm/metal/rmsnorm-metal-rows.metal"), MetalKernel);
        AddMetalVariantFirst(copy.PathOf("kernels/QuickStart.RmsNorm/kernelgen.lock.json"));

        var build = copy.Build("-p:EmitCompilerGeneratedFiles=true");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("KG000", build.Output);
        var generated = Directory.GetFiles(copy.PathOf("obj"), "*.g.cs", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .Single(text => text.Contains("new global::KernelGen.Metal.MetalKernelVariant(", StringComparison.Ordinal));
        Assert.Contains("\"rmsnorm-metal-rows\"", generated);
        Assert.Contains("simd_sum(sum)", generated);

        var app = DotnetCli.Run(copy.Folder, TimeSpan.FromMinutes(3), Path.Combine(copy.Folder, "bin", "Release", "net10.0", "QuickStart.dll"));
        Assert.True(app.ExitCode == 0, app.ToString());
        Assert.Matches(@"QuickStart\.RmsNorm\s+rmsnorm-avx2-rows\s+Baked", app.Output);
    }

    /// <summary>
    /// A test fixture, not evidence: the lock entry is the CPU variant's with the Metal file, marked verified so the
    /// generator bakes it. No Metal kernel has been verified (docs/metal.md).
    /// </summary>
    static void AddMetalVariantFirst(string lockPath)
    {
        var root = JsonNode.Parse(File.ReadAllText(lockPath))!;
        var variants = root["variants"]!.AsArray();
        var metal = variants.Single(v => (string?)v!["backend"] == "cpu")!.DeepClone();
        metal["backend"] = "metal";
        metal["id"] = "rmsnorm-metal-rows";
        metal["file"] = "metal/rmsnorm-metal-rows.metal";
        metal["entryPoint"] = "rmsnorm_rows";
        metal["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(MetalKernel.ReplaceLineEndings("\n"))));
        variants.Insert(0, metal);
        File.WriteAllText(lockPath, root.ToJsonString(new() { WriteIndented = true }) + "\n");
    }
}
