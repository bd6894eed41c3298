using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.SourceGenerators.Tests.Infrastructure;

/// <summary>An AdditionalFile read from disk on demand, as the compiler reads one passed by MSBuild.</summary>
sealed class DiskAdditionalText(string path) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText? GetText(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path)) return null;
        using var stream = File.OpenRead(Path);
        return SourceText.From(stream);
    }
}
