using System.Text.Json;
using System.Text.Json.Nodes;

namespace KernelGen.Engine.Cache;

/// <summary>Reads and writes <c>kernelgen.lock.json</c> (schema 1): deterministic text, atomic replacement.</summary>
public static class LockFile
{
    /// <summary>Reads and validates the lock at <paramref name="path"/>; throws <see cref="LockFileException"/> naming the file.</summary>
    public static KernelLock Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new LockFileException(path, $"cannot be read: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses lock text; <paramref name="path"/> only names the file in errors.</summary>
    public static KernelLock Parse(string text, string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new LockFileException(path, $"is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        return new LockReader(path).ReadLock(root);
    }

    /// <summary>The canonical bytes of <paramref name="kernelLock"/>.</summary>
    public static byte[] ToUtf8Bytes(KernelLock kernelLock) => CanonicalJson.ToUtf8Bytes(ToJson(kernelLock));

    /// <summary>Atomically replaces the lock at <paramref name="path"/>.</summary>
    public static void Write(string path, KernelLock kernelLock) => AtomicFile.WriteAllBytes(path, ToUtf8Bytes(kernelLock));

    /// <summary>The lock as a JSON tree with the schema's field names.</summary>
    public static JsonObject ToJson(KernelLock kernelLock) => new()
    {
        ["schemaVersion"] = kernelLock.SchemaVersion,
        ["module"] = kernelLock.Module,
        ["fingerprint"] = kernelLock.Fingerprint,
        ["contract"] = ToJson(kernelLock.Contract),
        ["variants"] = new JsonArray([.. kernelLock.Variants.Select(ToJson)]),
    };

    public static JsonObject ToJson(KernelContract contract) => new()
    {
        ["bytesMoved"] = contract.BytesMoved,
        ["flops"] = contract.Flops,
        ["inputs"] = new JsonArray([.. contract.Inputs.Select(ToJson)]),
        ["state"] = new JsonArray([.. contract.State.Select(ToJson)]),
        ["output"] = ToJson(contract.Output),
    };

    public static JsonObject ToJson(ShapeDomainSpec domain) => new()
    {
        ["arguments"] = new JsonArray([.. domain.Arguments.Select(dims => (JsonNode)Dims(dims))]),
        ["output"] = Dims(domain.Output),
        ["symbols"] = new JsonArray([.. domain.Symbols.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["min"] = s.Min, ["max"] = s.Max })]),
    };

    static JsonObject ToJson(TensorSpec tensor)
    {
        var json = new JsonObject { ["dtype"] = tensor.Dtype, ["shape"] = new JsonArray([.. tensor.Shape.Select(d => (JsonNode)d)]) };
        if (tensor.Name is not null) json["name"] = tensor.Name;
        return json;
    }

    static JsonObject ToJson(KernelVariantEntry variant) => new()
    {
        ["id"] = variant.Id,
        ["backend"] = variant.Backend,
        ["dtype"] = variant.Dtype,
        ["entryPoint"] = variant.EntryPoint,
        ["file"] = variant.File,
        ["sha256"] = variant.Sha256,
        ["shapeDomain"] = ToJson(variant.ShapeDomain),
        ["status"] = variant.Status,
        ["selected"] = variant.Selected,
        ["verification"] = variant.Verification.DeepClone(),
        ["benchmark"] = variant.Benchmark.DeepClone(),
        ["provenance"] = new JsonObject
        {
            ["origin"] = variant.Provenance.Origin,
            ["provider"] = variant.Provenance.Provider,
            ["model"] = variant.Provenance.Model,
            ["promptTemplateSha256"] = variant.Provenance.PromptTemplateSha256,
            ["attempt"] = variant.Provenance.Attempt,
            ["createdUtc"] = variant.Provenance.CreatedUtc,
        },
    };

    static JsonArray Dims(IEnumerable<DimValue> dims) =>
        new([.. dims.Select(d => d.Symbol is { } symbol ? JsonValue.Create(symbol) : (JsonNode)JsonValue.Create(d.Size))]);
}
