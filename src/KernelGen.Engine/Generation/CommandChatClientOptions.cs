namespace KernelGen.Engine.Generation;

/// <summary>How the <c>command</c> provider starts its executable.</summary>
public sealed class CommandChatClientOptions
{
    /// <summary>The executable to run (a path, or a name found on <c>PATH</c>).</summary>
    public required string FileName { get; init; }

    /// <summary>Arguments, passed as they are: no shell parses them.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The child's working directory; <see langword="null"/> keeps this process's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>How long one answer may take before the child's whole process tree is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Variables added to (or replacing those in) the environment the child inherits.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentAdditions { get; init; } = new Dictionary<string, string>();

    /// <summary>The model the command runs, reported as the response's model id.</summary>
    public string? ModelId { get; init; }

    /// <summary>The provider name used in metadata and in <see cref="ProviderException"/> messages.</summary>
    public string ProviderName { get; init; } = "command";
}
