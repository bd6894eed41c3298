using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace KernelGen.SourceGenerators.Tests.Infrastructure;

/// <summary>What one generator run produced: diagnostics, generated sources and the compilation that includes them.</summary>
sealed class GeneratorRun(GeneratorDriverRunResult result, Compilation output)
{
    public GeneratorDriverRunResult Result { get; } = result;

    public Compilation Output { get; } = output;

    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    public ImmutableArray<GeneratedSourceResult> GeneratedSources => Result.Results.Single().GeneratedSources;

    /// <summary>The generated part of the fixture module.</summary>
    public string ModuleSource => SourceNamed($"{Fixtures.ModuleName}.KernelGen.g.cs")
        ?? throw new InvalidOperationException("the generator emitted no code for the module; diagnostics: " + string.Join("; ", Diagnostics));

    public string? SourceNamed(string hintName) =>
        GeneratedSources.FirstOrDefault(s => s.HintName == hintName).SourceText?.ToString();

    /// <summary>The single diagnostic with <paramref name="id"/>; fails listing all diagnostics otherwise.</summary>
    public Diagnostic Single(string id)
    {
        var matches = Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matches.Count == 1, $"expected one {id}, got: {string.Join("; ", Diagnostics)}");
        return matches[0];
    }

    /// <summary>The output compilation's warnings and errors: generated code must add none.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems() =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public void AssertOnlyDiagnostics(params string[] ids) =>
        Assert.Equal(ids.Order(), Diagnostics.Select(d => d.Id).Order());
}
