using System.Security.Cryptography;
using System.Text;

namespace KernelGen.Engine.Cache;

/// <summary>
/// A cross-process lock around one module's read-modify-write of its lock file, so that two builds or tool runs
/// committing to the same cache at once never lose each other's variants (each write is atomic on its own, but
/// two writers could both read the old lock and the second rename would drop the first one's entry).
/// The lock is an exclusively opened file (flock on Unix) under the temporary folder, named by the module folder's
/// path, so the committed cache never gets a stray file.
/// </summary>
sealed class CacheWriteLock : IDisposable
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    readonly FileStream handle;

    CacheWriteLock(FileStream handle) => this.handle = handle;

    /// <summary>Waits until no other process writes <paramref name="moduleFolder"/>'s lock, then holds it until disposed.</summary>
    public static CacheWriteLock Acquire(string moduleFolder)
    {
        var path = PathFor(moduleFolder);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return new CacheWriteLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(RetryDelay);
            }
            catch (IOException e)
            {
                throw new IOException($"another process has been writing the kernel cache {moduleFolder} for more than {Patience.TotalMinutes} minutes (lock {path})", e);
            }
        }
    }

    static string PathFor(string moduleFolder)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(moduleFolder))))[..32].ToLowerInvariant();
        return Path.Combine(Path.GetTempPath(), "kernelgen-cache-locks", key + ".lock");
    }

    public void Dispose() => handle.Dispose();
}
