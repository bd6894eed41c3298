namespace KernelGen.Cli.Commands;

/// <summary>The exit codes of every verb (a contract: docs/cli.md).</summary>
static class ExitCodes
{
    /// <summary>Accepted, or every variant verified.</summary>
    public const int Success = 0;

    /// <summary>Something unexpected failed (build, worker, IO).</summary>
    public const int Unexpected = 1;

    /// <summary>Bad arguments: unknown module, missing file, conflicting options.</summary>
    public const int UsageError = 2;

    /// <summary>A candidate or a committed variant was rejected.</summary>
    public const int Rejected = 3;

    /// <summary><c>kernelgen doctor</c>: something needed is missing or broken (at least one error finding).</summary>
    public const int ProblemsFound = 3;
}

/// <summary>An error in how the command was called; reported without a stack trace, exit code 2.</summary>
sealed class UsageException(string message) : Exception(message);
