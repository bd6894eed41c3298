using KernelGen.SourceGenerators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace KernelGen.SourceGenerators.Tests;

public sealed class DiagnosticDescriptorsTests
{
    static readonly DiagnosticDescriptor[] All = typeof(DiagnosticDescriptors)
        .GetFields()
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToArray();

    [Fact]
    public void IdsAreKG0001ToKG0007()
    {
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"KG000{i}"), All.Select(d => d.Id).Order());
    }

    [Fact]
    public void EveryDescriptorLinksToItsOwnSectionOfTheDocs_AndTheSectionExists()
    {
        var docs = File.ReadAllText(FindRepositoryFile("docs/diagnostics.md"));
        foreach (var descriptor in All)
        {
            var anchor = descriptor.Id.ToLowerInvariant();
            Assert.Equal(DiagnosticDescriptors.HelpLinkBase + "#" + anchor, descriptor.HelpLinkUri);
            Assert.Contains($"<a id=\"{anchor}\"></a>", docs);
            Assert.Contains($"## {descriptor.Id}: {descriptor.Title}", docs);
            Assert.Contains("'{0}'", descriptor.MessageFormat.ToString());
            Assert.Contains("'{1}'", descriptor.MessageFormat.ToString());
        }
    }

    static string FindRepositoryFile(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{relativePath} not found above {AppContext.BaseDirectory}");
    }
}
