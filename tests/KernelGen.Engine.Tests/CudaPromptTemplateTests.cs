using Scriban;

namespace KernelGen.Engine.Tests;

/// <summary>The CUDA guidance template (src/KernelGen.Engine/Generation/Templates/cuda.scriban) parses and renders every variable it documents.</summary>
public class CudaPromptTemplateTests
{
    static string TemplatePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "src", "KernelGen.Engine", "Generation", "Templates", "cuda.scriban");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("cuda.scriban not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Renders_the_contract_signature_symbols_and_ABI_rules_with_no_template_syntax_left()
    {
        var template = Template.Parse(File.ReadAllText(TemplatePath()));
        Assert.False(template.HasErrors, string.Join("; ", template.Messages));

        var prompt = template.Render(new
        {
            module_name = "QuickStart.RmsNorm",
            reference_source = "Tensor Reference(Tensor x) => x * rsqrt(x.pow(2).mean([-1], keepdim: true) + Eps) * weight;",
            parameters = new[]
            {
                new { name = "x", role = "input", dtype = "float32", shape = "[4096, 4096]" },
                new { name = "weight", role = "state", dtype = "float32", shape = "[4096]" },
                new { name = "output", role = "output", dtype = "float32", shape = "[4096, 4096]" },
            },
            bytes_moved = 134234112,
            mebibytes_moved = 128,
            bandwidth_gbps = 3000,
            speed_of_light = "At 3000 GB/s the floor is 0.045 ms.",
            cuda_entry_point = "rmsnorm_rows",
            cuda_signature = "extern \"C\" __global__ void rmsnorm_rows(const float* __restrict__ a0, const float* __restrict__ a1, float* __restrict__ out, long long s0)",
            symbols = new[] { new { name = "N", min = 1, max = 4096 } },
        }, member => member.Name);

        Assert.DoesNotContain("{{", prompt);
        Assert.Contains("QuickStart.RmsNorm", prompt);
        Assert.Contains("extern \"C\" __global__ void rmsnorm_rows(const float* __restrict__ a0", prompt);
        Assert.Contains("- `N`: 1 to 4096", prompt);
        Assert.Contains("| `weight` | state | float32 | [4096] |", prompt);
        Assert.Contains("// kernelgen:launch grid=<expr>", prompt);
        Assert.Contains("No `#include`", prompt);
        Assert.Contains("TF32", prompt);
        Assert.DoesNotContain("Variables:", prompt); // the header comment stays out of the prompt
    }
}
