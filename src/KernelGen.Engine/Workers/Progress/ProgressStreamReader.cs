namespace KernelGen.Engine.Workers.Progress;

/// <summary>
/// Splits the progress channel into lines and reports the events among them. Only <c>\n</c>-terminated lines count: a
/// partial line at the end of the stream (a worker killed mid-write) is dropped, and so is every line longer than
/// <see cref="ProgressLine.MaximumBytes"/>, without holding it in memory.
/// </summary>
public static class ProgressStreamReader
{
    /// <summary>Reads <paramref name="channel"/> to its end, calling <paramref name="report"/> for each event in order.</summary>
    public static async Task ReadAsync(Stream channel, Action<EvaluationProgress> report, CancellationToken cancellationToken = default)
    {
        var chunk = new byte[4096];
        var line = new List<byte>();
        var overlong = false;
        int read;
        while ((read = await channel.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var data = chunk.AsSpan(0, read);
            int newline;
            while ((newline = data.IndexOf((byte)'\n')) >= 0)
            {
                if (!overlong)
                {
                    line.AddRange(data[..newline]);
                    if (ProgressLine.TryParse(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(line)) is { } progress) report(progress);
                }
                line.Clear();
                overlong = false;
                data = data[(newline + 1)..];
            }
            if (overlong) continue;
            line.AddRange(data);
            if (line.Count > ProgressLine.MaximumBytes)
            {
                line.Clear();
                overlong = true;
            }
        }
    }
}
