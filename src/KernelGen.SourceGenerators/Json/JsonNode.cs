using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.SourceGenerators.Json;

/// <summary>A parsed JSON value with the span of text it came from, so lock validation can point at the exact value.</summary>
internal abstract class JsonNode
{
    protected JsonNode(TextSpan span) => Span = span;

    public TextSpan Span { get; }

    /// <summary>The JSON kind for messages ("an object", "a string", ...).</summary>
    public abstract string KindDescription { get; }
}

internal sealed class JsonObject : JsonNode
{
    public JsonObject(TextSpan span, IReadOnlyList<JsonProperty> properties)
        : base(span) => Properties = properties;

    /// <summary>Properties in document order; names are unique (the parser rejects duplicates).</summary>
    public IReadOnlyList<JsonProperty> Properties { get; }

    public override string KindDescription => "an object";

    public JsonProperty? Find(string name)
    {
        foreach (var property in Properties)
        {
            if (property.Name == name) return property;
        }
        return null;
    }
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, JsonNode value)
    {
        Name = name;
        Value = value;
    }

    public string Name { get; }

    public JsonNode Value { get; }
}

internal sealed class JsonArray : JsonNode
{
    public JsonArray(TextSpan span, IReadOnlyList<JsonNode> items)
        : base(span) => Items = items;

    public IReadOnlyList<JsonNode> Items { get; }

    public override string KindDescription => "an array";
}

internal sealed class JsonString : JsonNode
{
    public JsonString(TextSpan span, string value)
        : base(span) => Value = value;

    public string Value { get; }

    public override string KindDescription => "a string";
}

internal sealed class JsonNumber : JsonNode
{
    public JsonNumber(TextSpan span, string text)
        : base(span) => Text = text;

    /// <summary>The number exactly as written, so integers are read without going through floating point.</summary>
    public string Text { get; }

    public override string KindDescription => "a number";

    public bool TryGetInt64(out long value) =>
        long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}

internal sealed class JsonBoolean : JsonNode
{
    public JsonBoolean(TextSpan span, bool value)
        : base(span) => Value = value;

    public bool Value { get; }

    public override string KindDescription => "a boolean";
}

internal sealed class JsonNull : JsonNode
{
    public JsonNull(TextSpan span)
        : base(span)
    {
    }

    public override string KindDescription => "null";
}
