using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace KernelGen.SourceGenerators.Models;

/// <summary>A lock or kernel file of the kernel cache, read from the AdditionalFiles.</summary>
/// <param name="Path">The path as the build passed it, for diagnostics.</param>
/// <param name="NormalizedPath">The path with forward slashes, for matching against lock entries.</param>
/// <param name="Text">The decoded text (null when it could not be read).</param>
internal sealed record CacheFile(string Path, string NormalizedPath, string? Text)
{
    public const string LockFileName = "kernelgen.lock.json";

    /// <summary>Appended to a Metal kernel file's name for its precompiled library (base64 text with a header line).</summary>
    public const string MetalLibrarySuffix = ".metallib.base64";

    /// <summary>Only the files a kernel cache can hold flow into the pipeline; other AdditionalFiles are never read.</summary>
    public static bool IsCandidate(AdditionalText file)
    {
        var path = file.Path;
        return path.EndsWith(LockFileName, StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".cu", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".metal", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(MetalLibrarySuffix, StringComparison.OrdinalIgnoreCase);
    }

    public static CacheFile Read(AdditionalText file, CancellationToken cancellationToken) =>
        new(file.Path, CachePaths.Normalize(file.Path), file.GetText(cancellationToken)?.ToString());
}
