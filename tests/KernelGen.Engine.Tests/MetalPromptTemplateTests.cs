using Scriban;
using Scriban.Runtime;

namespace KernelGen.Engine.Tests;

/// <summary>
/// The Metal guidance templates (src/KernelGen.Engine/Generation/Templates/metal.scriban and metal-refine.scriban)
/// parse and render with strict variables: a variable they use but do not document fails the render.
/// </summary>
public class MetalPromptTemplateTests
{
    const string Signature =
        "kernel void rmsnorm_rows(device const float* a0 [[buffer(0)]], device const float* a1 [[buffer(1)]], device float* out [[buffer(2)]], constant long& s0 [[buffer(3)]], uint gid [[thread_position_in_grid]])";

    static string TemplateText(string fileName)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "src", "KernelGen.Engine", "Generation", "Templates", fileName);
            if (File.Exists(path)) return File.ReadAllText(path);
        }
        throw new FileNotFoundException(fileName + " not found above " + AppContext.BaseDirectory);
    }

    static ScriptObject Model()
    {
        var model = new ScriptObject
        {
            ["module_name"] = "QuickStart.RmsNorm",
            ["reference_source"] = "Tensor Reference(Tensor x) => x * rsqrt(x.pow(2).mean([-1], keepdim: true) + Eps) * weight;",
            ["bytes_moved"] = 134234112,
            ["mebibytes_moved"] = 128,
            ["bandwidth_gbps"] = 400,
            ["speed_of_light"] = "0.336 ms",
            ["metal_entry_point"] = "rmsnorm_rows",
            ["metal_signature"] = Signature,
        };
        var parameters = new ScriptArray();
        foreach (var (name, role, shape) in new[] { ("x", "input", "[4096, 4096]"), ("weight", "state", "[4096]"), ("output", "output", "[4096, 4096]") })
            parameters.Add(new ScriptObject { ["name"] = name, ["role"] = role, ["dtype"] = "float32", ["shape"] = shape });
        model["parameters"] = parameters;
        model["symbols"] = new ScriptArray { new ScriptObject { ["name"] = "N", ["min"] = 1, ["max"] = 4096 } };
        return model;
    }

    static string Render(string fileName, ScriptObject model)
    {
        var template = Template.Parse(TemplateText(fileName), fileName);
        Assert.False(template.HasErrors, string.Join("; ", template.Messages));
        var context = new TemplateContext { StrictVariables = true, EnableRelaxedMemberAccess = false };
        context.PushGlobal(model);
        return template.Render(context);
    }

    [Fact]
    public void First_turn_renders_the_contract_signature_symbols_and_the_Metal_rules()
    {
        var prompt = Render("metal.scriban", Model());

        Assert.DoesNotContain("{{", prompt);
        Assert.DoesNotContain("Variables:", prompt);
        Assert.Contains("| `weight` | state | float32 | [4096] |", prompt);
        Assert.Contains("- `N`: 1 to 4096", prompt);
        Assert.Contains("exactly one kernel, `rmsnorm_rows`", prompt);
        Assert.Contains("```metal\n" + Signature + "\n```", prompt.ReplaceLineEndings("\n"));
        Assert.Contains("// kernelgen:launch threads=<expression> threadgroup=<1..1024>", prompt);
        Assert.Contains("threadgroup_barrier(mem_flags::mem_threadgroup)", prompt);
        Assert.Contains("`simd_sum`", prompt);
        Assert.Contains("A float32 module computes in `float` throughout: no `half` intermediates", prompt);
        Assert.Contains("accumulates and computes in `float`", prompt);
    }

    public static TheoryData<string, string> Feedback => new()
    {
        { "format", "could not be used: no ```metal block" },
        { "compile", "- program_source:4:1: error: unknown type name 'flaot'" },
        { "verify", "failed the verification check `oracle-accuracy`: max error 3e-4" },
        { "benchmark", "reached 41% of it" },
    };

    [Theory]
    [MemberData(nameof(Feedback))]
    public void Refinement_renders_every_feedback_kind_and_restates_the_signature(string kind, string expected)
    {
        var model = Model();
        model["feedback"] = new ScriptObject
        {
            ["kind"] = kind,
            ["problem"] = "no ```metal block",
            ["error_count"] = 1,
            ["shown_count"] = 1,
            ["errors"] = new ScriptArray { "program_source:4:1: error: unknown type name 'flaot'" },
            ["check"] = "oracle-accuracy",
            ["summary"] = "max error 3e-4",
            ["evidence"] = new ScriptArray { new ScriptObject { ["name"] = "shape", ["value"] = "[7, 4096]" } },
            ["kernel_median"] = "0.8 ms",
            ["reference_median"] = "1.6 ms",
            ["speedup"] = 2,
            ["percent_of_speed_of_light"] = 41,
        };

        var prompt = Render("metal-refine.scriban", model);

        Assert.Contains(expected, prompt);
        Assert.Contains(Signature, prompt);
        Assert.Contains("Answer with exactly one ```metal fenced code block", prompt);
        Assert.DoesNotContain("{{", prompt);
    }
}
