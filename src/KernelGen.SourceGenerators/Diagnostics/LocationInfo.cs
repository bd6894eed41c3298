using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.SourceGenerators.Diagnostics;

/// <summary>
/// Where a diagnostic points, as plain data: a <see cref="Location"/> holds its syntax tree, which would keep
/// whole compilations alive in the driver's cache and never compare equal across runs.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo From(SyntaxNode node) => From(node.GetLocation());

    public static LocationInfo From(SyntaxToken token) => From(token.GetLocation());

    public static LocationInfo From(Location location) =>
        new(location.SourceTree?.FilePath ?? location.GetLineSpan().Path, location.SourceSpan, location.GetLineSpan().Span);

    public static LocationInfo In(string filePath, SourceText text, TextSpan span) =>
        new(filePath, span, text.Lines.GetLinePositionSpan(span));

    /// <summary>The start of a file, for diagnostics about a file as a whole.</summary>
    public static LocationInfo StartOf(string filePath) => new(filePath, default, default);
}
