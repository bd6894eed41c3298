namespace KernelGen.Engine.Workers;

/// <summary>A private temporary folder, deleted with its contents on dispose.</summary>
sealed class ScratchFolder : IDisposable
{
    public ScratchFolder() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "kernelgen-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A killed worker may still hold a file for a moment; the folder is in the temp directory anyway.
        }
    }
}
