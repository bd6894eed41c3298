namespace KernelGen.Engine.Tests.Corpus;

/// <summary>The test modules the corpus targets.</summary>
public enum CorpusModule
{
    RmsNorm,
    SiluMul,
    Softmax,
}

/// <summary>What running the kernel does to a process that has no isolation (the KernelBench harness runs kernels in-process).</summary>
public enum Hazard
{
    None,

    /// <summary>Ends the process (Environment.Exit, stack overflow).</summary>
    KillsProcess,

    /// <summary>Never returns.</summary>
    Hangs,

    /// <summary>Allocates until the managed heap is exhausted.</summary>
    ExhaustsMemory,
}

/// <summary>
/// A wrong kernel and the check that must reject it, with a fragment of the reason, so that a kernel rejected by an
/// unrelated check (it does not compile, or the policy catches something the test did not mean) fails its test.
/// </summary>
/// <param name="BypassPolicy">Compile and run it without the engine's API policy, to show the worker's own checks catch it.</param>
public sealed record BadKernel(string Name, string Cheat, CorpusModule Module, string Source, string Check, string ReasonFragment, Hazard Hazard = Hazard.None, bool BypassPolicy = false)
{
    public override string ToString() => Name;
}

/// <summary>A correct kernel whose arithmetic differs from the reference's in a legitimate way.</summary>
public sealed record GoodKernel(string Name, string Technique, CorpusModule Module, string Source)
{
    public override string ToString() => Name;
}
