using System.Text.Json.Nodes;
using KernelGen.SourceGenerators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace KernelGen.SourceGenerators.Tests;

public sealed class LockFileTests : IDisposable
{
    readonly TestProject project = new();
    readonly string module = Fixtures.RmsNorm();

    public LockFileTests() => project.AddSource(module);

    public void Dispose() => project.Dispose();

    [Fact]
    public void InvalidJson_ReportsKG0004_AtTheLineAndColumnOfTheError()
    {
        project.WriteVerifiedKernel(module);
        var lockPath = Path.Combine(project.CacheDirectory, Fixtures.ModuleName, "kernelgen.lock.json");
        var text = File.ReadAllText(lockPath);
        const string Property = "\"module\": \"QuickStart.RmsNorm\",";
        text = text.Replace(Property, Property.TrimEnd(','));
        File.WriteAllText(lockPath, text);
        var nextProperty = text.IndexOf("\"schemaVersion\"", StringComparison.Ordinal);
        var expectedLine = text[..nextProperty].Count(c => c == '\n');
        var expectedColumn = nextProperty - text.LastIndexOf('\n', nextProperty) - 1;

        var run = project.Run();

        var diagnostic = run.Single("KG0004");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(lockPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(expectedLine, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains($"line {expectedLine + 1}, column {expectedColumn + 1}", diagnostic.GetMessage());
        Assert.Contains("expected ',' or '}'", diagnostic.GetMessage());
        Assert.Contains("KernelBakeStatus.NoKernels", run.ModuleSource);
        Assert.Single(run.GeneratedSources);
    }

    [Fact]
    public void DuplicateKey_ReportsKG0004()
    {
        project.WriteVerifiedKernel(module);
        var lockPath = Path.Combine(project.CacheDirectory, Fixtures.ModuleName, "kernelgen.lock.json");
        File.WriteAllText(lockPath, File.ReadAllText(lockPath).Replace("\"schemaVersion\": 1,", "\"schemaVersion\": 1,\n  \"schemaVersion\": 2,"));

        var run = project.Run();

        Assert.Contains("duplicate property \"schemaVersion\"", run.Single("KG0004").GetMessage());
    }

    [Fact]
    public void SchemaVersion2_ReportsKG0004()
    {
        project.WriteVerifiedKernel(module, configure: builder => builder.SchemaVersion = 2);

        var run = project.Run();

        Assert.Contains("schemaVersion is 2", run.Single("KG0004").GetMessage());
        run.AssertOnlyDiagnostics("KG0004");
        Assert.Contains("KernelBakeStatus.NoKernels", run.ModuleSource);
    }

    public static TheoryData<string, string> BrokenRules => new()
    {
        { "module", "module is \"QuickStart.Other\"" },
        { "fingerprint", "fingerprint must be 64 lowercase hexadecimal digits" },
        { "sha256", "variants[0] has no \"sha256\"" },
        { "provenance", "variants[0] has no \"provenance\"" },
        { "selected", "variants[0].selected must be true or false" },
        { "id", "variants[0].id \"RmsNorm_AVX\" must match [a-z0-9-]+" },
        { "duplicate id", "variants[1].id \"rmsnorm-scalar\" is not unique" },
        { "entryPoint", "is not a valid C# type name" },
        { "file", "must be a relative path with forward slashes inside the module folder" },
        { "dtype", "contract.inputs[0].dtype \"complex64\" is not a dtype KernelGen knows" },
        { "inputs", "contract.inputs lists 2 tensors but the module's reference takes 1" },
        { "argument count", "arguments has 1 shapes but the contract has 1 inputs and 1 state tensors" },
        { "symbol range", "needs 1 <= min <= max but has min 0 and max 4096" },
        { "unknown symbol", "uses symbol \"M\", which shapeDomain.symbols does not declare" },
        { "unbound output symbol", "output uses symbol \"K\", which no argument binds" },
        { "negative size", "must hold symbol names and non-negative integer sizes" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void LockBreakingARule_ReportsKG0004_InTheLockFile(string rule, string expectedMessage)
    {
        project.WriteVerifiedKernel(module, configure: builder => builder.Mutate = root => Break(root, rule));

        var run = project.Run();

        var diagnostic = run.Single("KG0004");
        Assert.Contains(expectedMessage, diagnostic.GetMessage());
        Assert.Contains(Fixtures.ModuleName, diagnostic.GetMessage());
        Assert.EndsWith("kernelgen.lock.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("KernelBakeStatus.NoKernels", run.ModuleSource);
    }

    static void Break(JsonObject root, string rule)
    {
        var variant = root["variants"]![0]!.AsObject();
        var domain = variant["shapeDomain"]!.AsObject();
        switch (rule)
        {
            case "module": root["module"] = "QuickStart.Other"; break;
            case "fingerprint": root["fingerprint"] = "ABC"; break;
            case "sha256": variant.Remove("sha256"); break;
            case "provenance": variant.Remove("provenance"); break;
            case "selected": variant["selected"] = "yes"; break;
            case "id": variant["id"] = "RmsNorm_AVX"; break;
            case "duplicate id": root["variants"]!.AsArray().Add(variant.DeepClone()); break;
            case "entryPoint": variant["entryPoint"] = "Kernels.X.Run(); System.IO.File.Delete(\"a\"); Kernels.X"; break;
            case "file": variant["file"] = "../../secrets.cs"; break;
            case "dtype": root["contract"]!["inputs"]![0]!["dtype"] = "complex64"; break;
            case "inputs": root["contract"]!["inputs"]!.AsArray().Add(root["contract"]!["inputs"]![0]!.DeepClone()); break;
            case "argument count": domain["arguments"] = JsonNode.Parse("""[["N", 8]]"""); break;
            case "symbol range": domain["symbols"]![0]!["min"] = 0; break;
            case "unknown symbol": domain["arguments"] = JsonNode.Parse("""[["M", 8], [8]]"""); break;
            case "unbound output symbol":
                domain["symbols"]!.AsArray().Add(JsonNode.Parse("""{"max": 8, "min": 1, "name": "K"}"""));
                domain["output"] = JsonNode.Parse("""["K", 8]""");
                break;
            case "negative size": domain["output"] = JsonNode.Parse("""["N", -8]"""); break;
            default: throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }
    }
}
