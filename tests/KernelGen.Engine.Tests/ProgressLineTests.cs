using System.Text;
using KernelGen.Engine.Benchmarking;
using KernelGen.Engine.Workers;
using KernelGen.Engine.Workers.Progress;

namespace KernelGen.Engine.Tests;

/// <summary>The progress channel's wire format, its reader and the worker's throttled writer, without a worker.</summary>
public sealed class ProgressLineTests
{
    static readonly EvaluationProgress[] Events =
    [
        new PhaseProgress(PhaseProgress.Loading),
        new TrialProgress(37, 100, "randn", [[64, 4096], [4096]]),
        new WarmupProgress(TimingMode.Cold, 5),
        new SampleProgress(TimingMode.Warm, 23, 30),
    ];

    static EvaluationProgress? Parse(string line) => ProgressLine.TryParse(Encoding.UTF8.GetBytes(line));

    static async Task<List<EvaluationProgress>> ReadAll(byte[] channel, int chunk)
    {
        var seen = new List<EvaluationProgress>();
        await ProgressStreamReader.ReadAsync(new ChunkedStream(channel, chunk), seen.Add);
        return seen;
    }

    [Fact]
    public void Every_event_kind_survives_the_wire_and_describes_itself()
    {
        foreach (var progress in Events)
        {
            var line = ProgressLine.Format(progress);
            Assert.Equal((byte)'\n', line[^1]);
            Assert.Equal(1, line.Count(b => b == (byte)'\n'));
            var parsed = ProgressLine.TryParse(line.AsSpan(0, line.Length - 1));
            Assert.NotNull(parsed);
            Assert.Equal(progress.GetType(), parsed.GetType());
            Assert.Equal(progress.Description, parsed.Description);
            Assert.Equal(progress.Phase, parsed.Phase);
        }
        Assert.Equal("trial 37/100 randn [64,4096] [4096]", Events[1].Description);
        Assert.Equal("sample 23/30 warm", Events[3].Description);
        Assert.Equal("timing 30 samples (warm)", Events[3].Phase);
        Assert.StartsWith("{\"event\":\"trial\",", Encoding.UTF8.GetString(ProgressLine.Format(Events[1])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("terminate called after throwing an instance of 'c10::Error'")]
    [InlineData("[W126 12:00:00.000000000 NNPACK.cpp:61] Could not initialize NNPACK! Reason: Unsupported hardware.")]
    [InlineData("{\"event\":\"trial\",\"trial\":3")]                                   // cut off mid-write
    [InlineData("{\"event\":\"compile-cuda\",\"kernel\":\"x\"}")]                      // an event kind this client does not know
    [InlineData("{\"trial\":3,\"trials\":100,\"distribution\":\"randn\",\"shapes\":[]}")] // no kind
    [InlineData("{\"event\":\"trial\",\"trial\":3,\"trials\":100,\"shapes\":[]}")]      // a required field missing
    [InlineData("{\"event\":\"trial\",\"trial\":0,\"trials\":100,\"distribution\":\"randn\",\"shapes\":[]}")] // out of range
    [InlineData("{\"event\":\"sample\",\"mode\":\"lukewarm\",\"sample\":1,\"samples\":30}")]
    [InlineData("{\"event\":\"sample\",\"mode\":\"cold\",\"sample\":\"one\",\"samples\":30}")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    public void Anything_but_a_complete_known_event_is_ignored(string line)
    {
        Assert.Null(Parse(line));
    }

    [Fact]
    public void Unknown_fields_of_a_known_event_are_ignored_for_compatibility()
    {
        var parsed = Assert.IsType<SampleProgress>(Parse("{\"event\":\"sample\",\"mode\":\"cold\",\"sample\":2,\"samples\":30,\"gpu\":\"H100\"}"));
        Assert.Equal(2, parsed.Sample);
    }

    [Fact]
    public async Task The_reader_reports_events_across_chunk_boundaries_and_skips_foreign_partial_and_overlong_lines()
    {
        var channel = new MemoryStream();
        void Write(string text) => channel.Write(Encoding.UTF8.GetBytes(text));
        Write("garbage before\n");
        channel.Write(ProgressLine.Format(Events[0]));
        Write("{\"event\":\"unknown\"}\r\n");
        Write("{\"event\":\"phase\"," + new string(' ', ProgressLine.MaximumBytes + 10) + "\"name\":\"too long\"}\n");
        foreach (var e in Events[1..]) channel.Write(ProgressLine.Format(e));
        Write("{\"event\":\"phase\",\"name\":\"cut off\""); // the worker died mid-line: no newline

        foreach (var chunk in new[] { 1, 7, 4096 })
        {
            var seen = await ReadAll(channel.ToArray(), chunk);
            Assert.Equal(Events.Select(e => e.Description), seen.Select(e => e.Description));
        }
    }

    [Fact]
    public void The_writer_passes_every_phase_change_and_throttles_within_a_phase()
    {
        var channel = new MemoryStream();
        using var writer = new ThrottledProgressWriter(channel, TimeSpan.FromHours(1));

        for (var i = 1; i <= 100; i++) writer.Report(new TrialProgress(i, 100, "randn", [[4, 4]]));
        for (var i = 1; i <= 30; i++) writer.Report(new SampleProgress(TimingMode.Cold, i, 30));
        writer.Report(new SampleProgress(TimingMode.Warm, 1, 30));

        var lines = Encoding.UTF8.GetString(channel.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["trial 1/100 randn [4,4]", "sample 1/30 cold", "sample 1/30 warm"], lines.Select(l => Parse(l)!.Description));
    }

    [Fact]
    public void The_writer_without_throttling_writes_every_event()
    {
        var channel = new MemoryStream();
        using var writer = new ThrottledProgressWriter(channel, TimeSpan.Zero);

        for (var i = 1; i <= 30; i++) writer.Report(new SampleProgress(TimingMode.Cold, i, 30));

        Assert.Equal(30, Encoding.UTF8.GetString(channel.ToArray()).Count(c => c == '\n'));
    }

    [Fact]
    public void A_broken_channel_stops_reporting_without_failing_the_evaluation()
    {
        var channel = new BrokenStream();
        using var writer = new ThrottledProgressWriter(channel, TimeSpan.Zero);

        writer.Report(Events[0]);
        writer.Report(Events[1]);
        writer.Report(Events[2]);

        Assert.Equal(1, channel.Writes); // tried once, then gave up quietly
    }

    [Fact]
    public void Bounded_output_keeps_the_head_and_the_tail_of_a_long_crash()
    {
        var output = new BoundedOutput(headLimit: 200, tailLimit: 200);
        output.AppendLine("terminate called after throwing an instance of 'c10::Error'");
        output.AppendLine("  what(): the reason that must survive");
        for (var frame = 0; frame < 1000; frame++) output.AppendLine($"frame #{frame}: 0x7f00 in libtorch_cpu.so");

        var text = output.ToString();
        Assert.StartsWith("terminate called after throwing an instance of 'c10::Error'\n  what(): the reason that must survive", text);
        Assert.EndsWith("frame #999: 0x7f00 in libtorch_cpu.so", text);
        Assert.Matches(@"\[… \d+ characters omitted …\]", text);
        Assert.InRange(text.Length, 300, 500);
    }

    [Fact]
    public void Bounded_output_shorter_than_its_limits_is_kept_whole()
    {
        var output = new BoundedOutput(headLimit: 200, tailLimit: 200);
        output.AppendLine("kernelgen worker: InvalidDataException: bad request");
        output.AppendLine("second line");

        Assert.Equal("kernelgen worker: InvalidDataException: bad request\nsecond line", output.ToString());
    }

    /// <summary>A channel whose reader went away: every write fails.</summary>
    sealed class BrokenStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            throw new IOException("Broken pipe");
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    }

    /// <summary>Hands out its bytes at most <c>chunk</c> at a time, as a pipe may.</summary>
    sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
