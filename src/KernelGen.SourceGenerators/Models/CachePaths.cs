using System;

namespace KernelGen.SourceGenerators.Models;

/// <summary>Where a module's lock and kernel files live, compared with forward slashes on every OS.</summary>
internal static class CachePaths
{
    /// <summary>The folder name a cache directory has by default, used when the build does not pass KernelGenCacheDir.</summary>
    const string DefaultCacheFolder = "kernels";

    public static string Normalize(string path) => path.Replace('\\', '/').TrimEnd('/');

    /// <summary>The lock path a module must have when the cache directory is known.</summary>
    public static string LockPath(string cacheDirectory, string moduleFullName) =>
        Normalize(cacheDirectory) + "/" + moduleFullName + "/" + CacheFile.LockFileName;

    /// <summary>The end every lock path of a module has in a cache folder named <c>kernels</c>.</summary>
    public static string LockPathSuffix(string moduleFullName) =>
        "/" + DefaultCacheFolder + "/" + moduleFullName + "/" + CacheFile.LockFileName;

    /// <summary>The kernel file a lock entry names: <paramref name="relativeFile"/> is relative to the lock's folder.</summary>
    public static string KernelPath(string normalizedLockPath, string relativeFile) =>
        normalizedLockPath.Substring(0, normalizedLockPath.LastIndexOf('/') + 1) + relativeFile;

    /// <summary>True for a relative path with forward slashes that stays inside the module folder.</summary>
    public static bool IsSafeRelativePath(string path)
    {
        if (path.Length == 0 || path[0] == '/' || path.IndexOf('\\') >= 0 || path.IndexOf(':') >= 0) return false;
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..") return false;
        }
        return true;
    }

    public static bool EndsWithOrdinal(string path, string suffix) => path.EndsWith(suffix, StringComparison.Ordinal);
}
