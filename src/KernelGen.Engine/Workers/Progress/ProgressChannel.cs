using System.Diagnostics;
using System.IO.Pipes;

namespace KernelGen.Engine.Workers.Progress;

/// <summary>
/// The client's end of a worker's progress channel: a named pipe of its own (a Unix domain socket on Linux and macOS),
/// not the worker's stdout or stderr, where LibTorch and other native code write whatever they like, unbuffered or
/// block-buffered, and could split or prefix a line. The worker connects to <see cref="Name"/> (its <c>--progress</c>
/// argument); only the current user can.
/// </summary>
sealed class ProgressChannel : IDisposable
{
    /// <summary>How long after the worker exits a connection it made may still be accepted.</summary>
    static readonly TimeSpan ConnectGrace = TimeSpan.FromMilliseconds(500);

    readonly IProgress<EvaluationProgress> progress;
    readonly NamedPipeServerStream server;

    public ProgressChannel(IProgress<EvaluationProgress> progress)
    {
        this.progress = progress;
        Name = $"kernelgen-{Guid.NewGuid():N}";
        server = new(Name, PipeDirection.In, 1, PipeTransmissionMode.Byte, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
    }

    /// <summary>The pipe's name, for the worker's <c>--progress</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// Accepts the worker's connection and reports its events until it closes the channel (it exits). Never throws:
    /// progress is best effort, and a worker that crashed before connecting simply reported nothing.
    /// </summary>
    public async Task ReadAsync(Process worker)
    {
        using var giveUp = new CancellationTokenSource();
        try
        {
            var connected = server.WaitForConnectionAsync(giveUp.Token);
            if (await Task.WhenAny(connected, worker.WaitForExitAsync()).ConfigureAwait(false) != connected)
                giveUp.CancelAfter(ConnectGrace);
            await connected.ConfigureAwait(false);
            await ProgressStreamReader.ReadAsync(server, progress.Report).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // No connection before the worker exited, or the channel broke: the evaluation's result does not depend on it.
        }
    }

    /// <inheritdoc/>
    public void Dispose() => server.Dispose();
}
