namespace KernelGen.Engine.Compilation;

/// <summary>One use of something a kernel may not use: what (a symbol or construct), where (1-based line) and why.</summary>
public sealed record PolicyViolation(string What, int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {What}: {Reason}";
}
