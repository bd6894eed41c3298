namespace KernelGen.Engine.Workers.Progress;

/// <summary>
/// Reports on the calling thread at once, one report at a time (<see cref="Progress{T}"/> would post to the thread
/// pool and could reorder them).
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    readonly Lock gate = new();

    /// <inheritdoc/>
    public void Report(T value)
    {
        lock (gate) report(value);
    }
}
