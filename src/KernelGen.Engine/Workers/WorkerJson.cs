using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KernelGen.Engine.Workers;

/// <summary>The JSON shape of everything that crosses the worker boundary (and of evidence written to locks).</summary>
public static class WorkerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new DimValueJsonConverter() },
    };
}

/// <summary>A shape-domain dimension is a JSON number (fixed) or string (symbol), as in the lock file.</summary>
sealed class DimValueJsonConverter : JsonConverter<Cache.DimValue>
{
    public override Cache.DimValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Cache.DimValue.Of(reader.GetString()!) : Cache.DimValue.Fixed(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, Cache.DimValue value, JsonSerializerOptions options)
    {
        if (value.Symbol is { } symbol) writer.WriteStringValue(symbol);
        else writer.WriteNumberValue(value.Size);
    }
}
