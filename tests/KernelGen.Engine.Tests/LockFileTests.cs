using System.Text;
using System.Text.Json.Nodes;
using KernelGen.Engine.Cache;

namespace KernelGen.Engine.Tests;

public sealed class LockFileTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("kernelgen-lock-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    internal static KernelLock SampleLock(string variantId = "rmsnorm-avx2", string sha = "ab") => new(
        "Tests.RmsNorm",
        new string('3', 64),
        new KernelContract(1234, null, [new TensorSpec("x", "float32", [48, 64])], [new TensorSpec("weight", "float32", [64])], new TensorSpec(null, "float32", [48, 64])),
        [
            new KernelVariantEntry(variantId, "cpu", "float32", "Kernels.RmsNorm", $"cpu/{variantId}.cs", sha,
                new ShapeDomainSpec([[DimValue.Of("N"), DimValue.Fixed(64)], [DimValue.Fixed(64)]], [DimValue.Of("N"), DimValue.Fixed(64)], [new SymbolSpec("N", 1, 127)]),
                VariantStatus.Verified, true,
                new JsonObject { ["zeta"] = 1, ["alpha"] = new JsonObject { ["b"] = 2, ["a"] = "x<y" } },
                new JsonObject { ["speedup"] = 2.5 },
                new KernelProvenance(KernelProvenance.HandWritten, null, null, null, 1, "2026-11-26T08:00:00Z")),
        ]);

    [Fact]
    public void Writing_twice_gives_identical_bytes_with_sorted_keys_two_space_indent_and_final_newline()
    {
        var path = Path.Combine(folder, KernelLock.FileName);
        LockFile.Write(path, SampleLock());
        var first = File.ReadAllBytes(path);
        LockFile.Write(path, LockFile.Read(path));
        Assert.Equal(first, File.ReadAllBytes(path));

        var text = Encoding.UTF8.GetString(first);
        Assert.DoesNotContain("\r", text);
        Assert.EndsWith("}\n", text);
        Assert.StartsWith("{\n  \"contract\": {\n    \"bytesMoved\": 1234,", text);
        var topLevelKeys = JsonNode.Parse(text)!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(topLevelKeys.Order(StringComparer.Ordinal), topLevelKeys);
        Assert.True(text.IndexOf("\"alpha\"", StringComparison.Ordinal) < text.IndexOf("\"zeta\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("\"a\": \"x<y\"", StringComparison.Ordinal) > 0, "free-form evidence is sorted too and stays readable");
    }

    [Fact]
    public void Round_trip_preserves_every_field()
    {
        var original = SampleLock();
        var read = LockFile.Parse(Encoding.UTF8.GetString(LockFile.ToUtf8Bytes(original)), "lock.json");
        Assert.Equal(LockFile.ToUtf8Bytes(original), LockFile.ToUtf8Bytes(read));
        Assert.Equal("N", read.Variants[0].ShapeDomain.Arguments[0][0].Symbol);
        Assert.Equal(64, read.Variants[0].ShapeDomain.Arguments[0][1].Size);
        Assert.Null(read.Contract.Output.Name);
    }

    [Fact]
    public void Existing_lock_is_replaced_whole_and_no_temporary_file_remains()
    {
        var path = Path.Combine(folder, KernelLock.FileName);
        File.WriteAllText(path, new string('x', 100_000));
        LockFile.Write(path, SampleLock());
        Assert.Equal(LockFile.ToUtf8Bytes(SampleLock()), File.ReadAllBytes(path));
        Assert.Equal([KernelLock.FileName], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("{ not json", "is not valid JSON")]
    [InlineData("""{ "schemaVersion": 2 }""", "schemaVersion is 2")]
    [InlineData("""{ "schemaVersion": 1, "module": "M", "fingerprint": "f", "variants": [], "contract": { "bytesMoved": 1, "inputs": [], "state": [], "output": { "dtype": "float32" } } }""", "$.contract.output.shape must be an array")]
    public void Reader_errors_name_the_file_and_the_field(string text, string expected)
    {
        var error = Assert.Throws<LockFileException>(() => LockFile.Parse(text, "/repo/kernels/M/kernelgen.lock.json"));
        Assert.StartsWith("/repo/kernels/M/kernelgen.lock.json: ", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
