using System.Linq;
using KernelGen.SourceGenerators.Helpers;
using Microsoft.CodeAnalysis;

namespace KernelGen.SourceGenerators.Diagnostics;

/// <summary>A diagnostic as equatable data, gathered by the pipeline and reported by its own output step.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Cast<object>().ToArray());
}
