using System.Text.Json.Nodes;

namespace KernelGen.SourceGenerators.Tests.Infrastructure;

/// <summary>Writes a schema-1 lock the way the engine does (sorted keys, two-space indentation, "\n", final newline).</summary>
sealed class LockFileBuilder
{
    public string Module { get; set; } = Fixtures.ModuleName;
    public int SchemaVersion { get; set; } = 1;
    public required string Fingerprint { get; set; }
    public List<VariantSpec> Variants { get; } = [];

    /// <summary>Edits the JSON document before it is written, to break one rule of the schema.</summary>
    public Action<JsonObject>? Mutate { get; set; }

    public sealed record VariantSpec(string Id, string File, string Sha256)
    {
        public string Backend { get; init; } = "cpu";
        public string EntryPoint { get; init; } = Fixtures.EntryPoint;
        public string Status { get; init; } = "verified";
        public bool Selected { get; init; } = true;
        public JsonNode Arguments { get; init; } = JsonNode.Parse("""[["N", 8], [8]]""")!;
        public JsonNode Output { get; init; } = JsonNode.Parse("""["N", 8]""")!;
        public JsonNode Symbols { get; init; } = JsonNode.Parse("""[{"max": 4096, "min": 1, "name": "N"}]""")!;
    }

    public string Build()
    {
        var variants = new JsonArray();
        foreach (var variant in Variants)
        {
            variants.Add(new JsonObject
            {
                ["backend"] = variant.Backend,
                ["benchmark"] = new JsonObject { ["speedup"] = 2.1 },
                ["dtype"] = "float32",
                ["entryPoint"] = variant.EntryPoint,
                ["file"] = variant.File,
                ["id"] = variant.Id,
                ["provenance"] = new JsonObject { ["origin"] = "hand-written" },
                ["selected"] = variant.Selected,
                ["sha256"] = variant.Sha256,
                ["shapeDomain"] = new JsonObject
                {
                    ["arguments"] = variant.Arguments.DeepClone(),
                    ["output"] = variant.Output.DeepClone(),
                    ["symbols"] = variant.Symbols.DeepClone(),
                },
                ["status"] = variant.Status,
                ["verification"] = new JsonObject { ["verdict"] = "pass" },
            });
        }
        var root = new JsonObject
        {
            ["contract"] = new JsonObject
            {
                ["bytesMoved"] = 288,
                ["flops"] = null,
                ["inputs"] = new JsonArray(new JsonObject { ["dtype"] = "float32", ["name"] = "x", ["shape"] = new JsonArray(4, 8) }),
                ["output"] = new JsonObject { ["dtype"] = "float32", ["shape"] = new JsonArray(4, 8) },
                ["state"] = new JsonArray(new JsonObject { ["dtype"] = "float32", ["name"] = "weight", ["shape"] = new JsonArray(8) }),
            },
            ["fingerprint"] = Fingerprint,
            ["module"] = Module,
            ["schemaVersion"] = SchemaVersion,
            ["variants"] = variants,
        };
        Mutate?.Invoke(root);
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }).Replace("\r\n", "\n") + "\n";
    }
}
