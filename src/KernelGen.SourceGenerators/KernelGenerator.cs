using System.Text;
using KernelGen.SourceGenerators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.SourceGenerators;

/// <summary>
/// Bakes verified kernels from <c>kernels/&lt;Namespace.Module&gt;/</c> into every <c>[GenerateKernels]</c> module and
/// writes its <c>forward</c>, which dispatches to them and falls back to the reference (docs/kernel-abi.md).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class KernelGenerator : IIncrementalGenerator
{
    const string GenerateKernelsAttribute = "KernelGen.GenerateKernelsAttribute";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var modules = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                GenerateKernelsAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (attributeContext, cancellationToken) => Parse.GetModule(attributeContext, cancellationToken))
            .WithTrackingName(TrackingNames.Modules);

        var settings = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => BakeSettings.From(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Settings);

        var cacheFiles = context.AdditionalTextsProvider
            .Where(static file => CacheFile.IsCandidate(file))
            .Select(static (file, cancellationToken) => CacheFile.Read(file, cancellationToken))
            .WithTrackingName(TrackingNames.CacheFiles)
            .Collect()
            .WithTrackingName(TrackingNames.CacheFileSet);

        var plans = modules
            .Combine(cacheFiles)
            .Combine(settings)
            .Select(static (input, cancellationToken) => Bake.GetPlan(input.Left.Left, input.Left.Right, input.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Plans);

        context.RegisterSourceOutput(
            plans.Select(static (plan, _) => plan.Diagnostics).WithTrackingName(TrackingNames.Diagnostics),
            static (productionContext, diagnostics) =>
            {
                foreach (var diagnostic in diagnostics) productionContext.ReportDiagnostic(diagnostic.ToDiagnostic());
            });

        context.RegisterSourceOutput(
            plans.Select(static (plan, _) => plan.Output).WithTrackingName(TrackingNames.Outputs),
            static (productionContext, output) =>
            {
                if (output is null) return;
                productionContext.AddSource(Emit.HintName(output.Module), SourceText.From(Emit.WriteModule(output), Encoding.UTF8));
                foreach (var kernel in output.KernelSources) productionContext.AddSource(kernel.HintName, SourceText.From(kernel.Text, Encoding.UTF8));
            });
    }
}
