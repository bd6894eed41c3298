namespace KernelGen;

/// <summary>
/// Emitted by the KernelGen source generator on every annotated module so that tools can read, from the built
/// assembly alone, the reference fingerprint the generator computed and the module's source.
/// Not meant to be written by hand.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class KernelModuleAttribute(string fingerprint, string source) : Attribute
{
    /// <summary>The reference fingerprint: SHA-256 of the module's declaration tokens (comments and whitespace excluded).</summary>
    public string Fingerprint { get; } = fingerprint;

    /// <summary>The module's declaration as written (all partial parts the user wrote), for prompts and reports.</summary>
    public string Source { get; } = source;
}
