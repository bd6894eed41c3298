using System.Text.Json;

namespace KernelGen.Engine.Workers.Progress;

/// <summary>
/// The wire format of the progress channel: one compact JSON object per line, <c>\n</c>-terminated, UTF-8. Parsing is
/// strict and never throws: a line that is not a complete, known, well-formed event is ignored.
/// </summary>
public static class ProgressLine
{
    /// <summary>A line longer than this is not an event; readers drop it without buffering it whole.</summary>
    public const int MaximumBytes = 16 * 1024;

    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The event as one line, newline included.</summary>
    public static byte[] Format(EvaluationProgress progress)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(progress, Options);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>The event on <paramref name="line"/> (without its newline), or null for anything else.</summary>
    public static EvaluationProgress? TryParse(ReadOnlySpan<byte> line)
    {
        line = line.TrimEnd((byte)'\r');
        if (line.Length is 0 or > MaximumBytes || line[0] != (byte)'{') return null;
        try
        {
            var progress = JsonSerializer.Deserialize<EvaluationProgress>(line, Options);
            return progress is not null && IsWellFormed(progress) ? progress : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            // Unknown event kinds (NotSupportedException: the base type is abstract), malformed JSON, wrong types.
            return null;
        }
    }

    static bool IsWellFormed(EvaluationProgress progress) => progress switch
    {
        PhaseProgress p => p.Name.Length > 0,
        TrialProgress t => t.Trial >= 1 && t.Trial <= t.Trials && t.Shapes.All(s => s is not null && s.All(d => d >= 0)),
        WarmupProgress w => Enum.IsDefined(w.Mode) && w.Pair >= 1,
        SampleProgress s => Enum.IsDefined(s.Mode) && s.Sample >= 1 && s.Sample <= s.Samples,
        _ => false,
    };
}
