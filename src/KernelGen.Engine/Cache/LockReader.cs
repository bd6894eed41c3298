using System.Text.Json;
using System.Text.Json.Nodes;

namespace KernelGen.Engine.Cache;

/// <summary>Maps a parsed lock to <see cref="KernelLock"/>, naming the file and the JSON path of every problem.</summary>
sealed class LockReader(string path)
{
    public KernelLock ReadLock(JsonNode? root)
    {
        var obj = Object(root, "$");
        var schema = Int(obj, "schemaVersion", "$");
        if (schema != KernelLock.CurrentSchemaVersion)
            throw Fail($"schemaVersion is {schema}; this engine reads schema {KernelLock.CurrentSchemaVersion}");
        var variants = Array(obj, "variants", "$").Select((v, i) => ReadVariant(v, $"$.variants[{i}]")).ToList();
        var duplicate = variants.GroupBy(v => v.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw Fail($"variant id '{duplicate.Key}' appears more than once");
        return new KernelLock(String(obj, "module", "$"), String(obj, "fingerprint", "$"), ReadContract(Object(obj["contract"], "$.contract")), variants);
    }

    KernelContract ReadContract(JsonObject obj)
    {
        const string at = "$.contract";
        var flops = obj["flops"] is null ? (double?)null : Number(obj, "flops", at);
        return new KernelContract(
            Long(obj, "bytesMoved", at),
            flops,
            Array(obj, "inputs", at).Select((t, i) => ReadTensor(t, $"{at}.inputs[{i}]", named: true)).ToList(),
            Array(obj, "state", at).Select((t, i) => ReadTensor(t, $"{at}.state[{i}]", named: true)).ToList(),
            ReadTensor(obj["output"], $"{at}.output", named: false));
    }

    TensorSpec ReadTensor(JsonNode? node, string at, bool named)
    {
        var obj = Object(node, at);
        return new TensorSpec(named ? String(obj, "name", at) : null, String(obj, "dtype", at),
            Array(obj, "shape", at).Select((d, i) => Long(d, $"{at}.shape[{i}]")).ToList());
    }

    KernelVariantEntry ReadVariant(JsonNode? node, string at)
    {
        var obj = Object(node, at);
        var status = String(obj, "status", at);
        if (status is not (VariantStatus.Verified or VariantStatus.Rejected))
            throw Fail($"{at}.status is '{status}'; expected '{VariantStatus.Verified}' or '{VariantStatus.Rejected}'");
        return new KernelVariantEntry(
            String(obj, "id", at),
            String(obj, "backend", at),
            String(obj, "dtype", at),
            String(obj, "entryPoint", at),
            String(obj, "file", at),
            String(obj, "sha256", at),
            ReadDomain(Object(obj["shapeDomain"], $"{at}.shapeDomain"), $"{at}.shapeDomain"),
            status,
            Bool(obj, "selected", at),
            (JsonObject)Object(obj["verification"], $"{at}.verification").DeepClone(),
            (JsonObject)Object(obj["benchmark"], $"{at}.benchmark").DeepClone(),
            ReadProvenance(Object(obj["provenance"], $"{at}.provenance"), $"{at}.provenance"));
    }

    ShapeDomainSpec ReadDomain(JsonObject obj, string at)
    {
        var symbols = Array(obj, "symbols", at).Select((s, i) =>
        {
            var symbolAt = $"{at}.symbols[{i}]";
            var symbol = Object(s, symbolAt);
            var spec = new SymbolSpec(String(symbol, "name", symbolAt), Long(symbol, "min", symbolAt), Long(symbol, "max", symbolAt));
            if (spec.Min < 1 || spec.Max < spec.Min) throw Fail($"{symbolAt} must have 1 <= min <= max");
            return spec;
        }).ToList();
        var arguments = Array(obj, "arguments", at).Select((a, i) => (IReadOnlyList<DimValue>)Dims(a, $"{at}.arguments[{i}]")).ToList();
        return new ShapeDomainSpec(arguments, Dims(obj["output"], $"{at}.output"), symbols);
    }

    List<DimValue> Dims(JsonNode? node, string at)
    {
        if (node is not JsonArray array) throw Fail($"{at} must be an array of sizes and symbol names");
        return array.Select((d, i) => d is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? DimValue.Of(v.GetValue<string>())
            : DimValue.Fixed(Long(d, $"{at}[{i}]"))).ToList();
    }

    KernelProvenance ReadProvenance(JsonObject obj, string at) => new(
        String(obj, "origin", at), OptionalString(obj, "provider", at), OptionalString(obj, "model", at),
        OptionalString(obj, "promptTemplateSha256", at), Int(obj, "attempt", at), String(obj, "createdUtc", at));

    JsonObject Object(JsonNode? node, string at) => node as JsonObject ?? throw Fail($"{at} must be an object");

    JsonArray Array(JsonObject obj, string name, string at) => obj[name] as JsonArray ?? throw Fail($"{at}.{name} must be an array");

    string String(JsonObject obj, string name, string at) =>
        OptionalString(obj, name, at) ?? throw Fail($"{at}.{name} is missing");

    string? OptionalString(JsonObject obj, string name, string at) => obj[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Fail($"{at}.{name} must be a string"),
    };

    bool Bool(JsonObject obj, string name, string at) => obj[name] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
        ? v.GetValue<bool>()
        : throw Fail($"{at}.{name} must be true or false");

    int Int(JsonObject obj, string name, string at) => checked((int)Long(obj[name], $"{at}.{name}"));

    long Long(JsonObject obj, string name, string at) => Long(obj[name], $"{at}.{name}");

    long Long(JsonNode? node, string at) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var value) ? value
        : node is JsonValue d && d.GetValueKind() == JsonValueKind.Number && d.GetValue<double>() is var real && real == Math.Floor(real) ? (long)real
        : throw Fail($"{at} must be an integer");

    double Number(JsonObject obj, string name, string at) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : throw Fail($"{at}.{name} must be a number");

    LockFileException Fail(string problem) => new(path, problem);
}
