using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace KernelGen.Engine.Providers;

/// <summary>
/// The store behind the response-caching middleware (<c>responseCache: true</c>): one file per cached answer in a
/// folder, written atomically, kept until the folder is deleted. Expiration options are ignored on purpose: an answer to
/// an identical request (same messages, model, module and conversation) stays valid as long as the user keeps it, and
/// deleting <c>obj/kernelgen/response-cache</c> empties it.
/// </summary>
public sealed class FileResponseCache : IDistributedCache
{
    readonly string folder;

    /// <summary>Uses (and creates when needed) <paramref name="folder"/>.</summary>
    public FileResponseCache(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        this.folder = Path.GetFullPath(folder);
    }

    /// <inheritdoc />
    public byte[]? Get(string key)
    {
        try
        {
            return File.ReadAllBytes(PathOf(key));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult(Get(key));

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        Directory.CreateDirectory(folder);
        string path = PathOf(key);
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, value);
        File.Move(temporary, path, overwrite: true);
    }

    /// <inheritdoc />
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        Set(key, value, options);
        return Task.CompletedTask;
    }

    /// <summary>Entries do not expire, so there is nothing to refresh.</summary>
    public void Refresh(string key)
    {
    }

    /// <summary>Entries do not expire, so there is nothing to refresh.</summary>
    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    /// <inheritdoc />
    public void Remove(string key) => File.Delete(PathOf(key));

    /// <inheritdoc />
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        Remove(key);
        return Task.CompletedTask;
    }

    // Keys are already hashes in practice, but hashing again keeps any key a valid, fixed-length file name.
    string PathOf(string key) =>
        Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".json");
}
