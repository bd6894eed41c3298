using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KernelGen.SourceGenerators.Tests.Infrastructure;

/// <summary>
/// A project on disk under a temporary folder: C# sources, a kernel cache passed as AdditionalFiles, and the
/// build properties KernelGen.targets makes visible; runs the real generator driver over it.
/// </summary>
sealed partial class TestProject : IDisposable
{
    static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    static readonly ImmutableArray<MetadataReference> References =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll")),
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "KernelGen.dll")),
    ];

    readonly List<(string Path, string Text)> sources = [];
    readonly List<string> cacheFiles = [];

    public TestProject()
    {
        Root = Path.Combine(Path.GetTempPath(), "kernelgen-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string CacheDirectory => Path.Combine(Root, "kernels");

    /// <summary>Whether build_property.KernelGenCacheDir is passed (KernelGen.targets always passes it).</summary>
    public bool PassesCacheDirectory { get; set; } = true;

    /// <summary>A KernelGenCacheDir other than the folder the cache files are written to.</summary>
    public string? CacheDirectoryOverride { get; set; }

    /// <summary>build_property.KernelGenMode; null leaves it out.</summary>
    public string? Mode { get; set; }

    public TestProject AddSource(string text, string fileName = "RmsNorm.cs")
    {
        sources.Add((Path.Combine(Root, fileName), text));
        return this;
    }

    /// <summary>Writes a file of the kernel cache (<paramref name="relativePath"/> is under kernels/) and passes it as an AdditionalFile.</summary>
    public string WriteCacheFile(string relativePath, string text)
    {
        var path = Path.Combine(CacheDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        if (!cacheFiles.Contains(path)) cacheFiles.Add(path);
        return path;
    }

    /// <summary>
    /// Writes the RMSNorm module's kernel and a lock that verifies and selects it, with the fingerprint the generator
    /// computes for <paramref name="moduleSource"/>; <paramref name="configure"/> can alter the lock before it is written.
    /// </summary>
    public void WriteVerifiedKernel(string moduleSource, string? kernelSource = null, Action<LockFileBuilder>? configure = null)
    {
        kernelSource ??= Fixtures.Kernel();
        WriteCacheFile($"{Fixtures.ModuleName}/{Fixtures.KernelFile}", kernelSource);
        var builder = new LockFileBuilder { Fingerprint = FingerprintOf(moduleSource) };
        builder.Variants.Add(new LockFileBuilder.VariantSpec(Fixtures.VariantId, Fixtures.KernelFile, AbiHashes.KernelFile(kernelSource)));
        configure?.Invoke(builder);
        WriteCacheFile($"{Fixtures.ModuleName}/kernelgen.lock.json", builder.Build());
    }

    public CSharpCompilation CreateCompilation() =>
        CSharpCompilation.Create(
            "TestApp",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                // The SDK silences these assembly-unification notes for every project; TorchSharp targets an older runtime.
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));

    public GeneratorDriver CreateDriver()
    {
        var properties = new Dictionary<string, string>();
        if (PassesCacheDirectory) properties["build_property.KernelGenCacheDir"] = CacheDirectoryOverride ?? CacheDirectory;
        if (Mode is not null) properties["build_property.KernelGenMode"] = Mode;
        return CSharpGeneratorDriver.Create(
            [new KernelGenerator().AsSourceGenerator()],
            cacheFiles.Select(path => (AdditionalText)new DiskAdditionalText(path)),
            ParseOptions,
            new GlobalOptionsProvider(properties),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public GeneratorRun Run()
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(CreateCompilation(), out var output, out _);
        return new GeneratorRun(driver.GetRunResult(), output);
    }

    /// <summary>The fingerprint the generator records for <paramref name="moduleSource"/> in [KernelModule].</summary>
    public static string FingerprintOf(string moduleSource)
    {
        using var project = new TestProject { PassesCacheDirectory = false };
        project.AddSource(moduleSource);
        return FingerprintPattern().Match(project.Run().ModuleSource).Groups[1].Value;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    [GeneratedRegex("KernelModule\\(\"([0-9a-f]{64})\",")]
    private static partial Regex FingerprintPattern();
}
