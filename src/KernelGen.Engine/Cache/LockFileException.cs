namespace KernelGen.Engine.Cache;

/// <summary>A lock file that cannot be read; the message names the file and the offending field.</summary>
public sealed class LockFileException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    public string LockPath { get; } = path;
}
