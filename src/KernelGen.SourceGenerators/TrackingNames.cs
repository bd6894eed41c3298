namespace KernelGen.SourceGenerators;

/// <summary>Names of the pipeline steps, so tests can assert which steps an edit left cached.</summary>
internal static class TrackingNames
{
    public const string Modules = nameof(Modules);
    public const string Settings = nameof(Settings);
    public const string CacheFiles = nameof(CacheFiles);
    public const string CacheFileSet = nameof(CacheFileSet);
    public const string Plans = nameof(Plans);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Outputs = nameof(Outputs);
}
