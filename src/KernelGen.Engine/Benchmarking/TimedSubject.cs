namespace KernelGen.Engine.Benchmarking;

/// <summary>
/// One side of a comparison as the harness times it. Only <see cref="Call"/> is inside the clock; everything it needs
/// that is not its work happens in <see cref="Prepare"/>, and its output is inspected and freed after the clock stops.
/// </summary>
public abstract class TimedSubject(string name)
{
    public string Name => name;

    /// <summary>Outside the clock, before the call (e.g. opening the scope that will free the output).</summary>
    public virtual void Prepare()
    {
    }

    /// <summary>The timed work; it must return only when its output is complete.</summary>
    public abstract void Call();

    /// <summary>Outside the clock: a number that depends on every element of the last call's output.</summary>
    public abstract double OutputChecksum();

    /// <summary>
    /// Outside the clock: frees the output. Implementations overwrite it with NaN first where they can, so that a
    /// call that returns before writing its output cannot pass off the previous call's values as its own.
    /// </summary>
    public abstract void Release();
}

/// <summary>A subject made of delegates, for callers that hold their own buffers (the harness self-tests, samples).</summary>
public sealed class DelegateSubject(string name, Action call, Func<double> checksum, Action release) : TimedSubject(name)
{
    public override void Call() => call();

    public override double OutputChecksum() => checksum();

    public override void Release() => release();
}
