using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KernelGen.Engine.Cache;

/// <summary>
/// Deterministic JSON text: object keys sorted by ordinal comparison, two-space indentation, <c>\n</c> line ends
/// and a final newline, so that the same content always gives the same bytes and diffs review well.
/// </summary>
public static class CanonicalJson
{
    static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Kernel sources and messages contain '<', '>', '+' and quotes: keep them readable in reviews.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The canonical UTF-8 bytes of <paramref name="node"/>.</summary>
    public static byte[] ToUtf8Bytes(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
            Write(writer, node);
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>The canonical text of <paramref name="node"/>.</summary>
    public static string ToText(JsonNode? node) => Encoding.UTF8.GetString(ToUtf8Bytes(node));

    static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
