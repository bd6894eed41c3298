using Microsoft.Extensions.Logging;

namespace KernelGen.Runtime;

/// <summary>KernelGen's log events (source-generated: no boxing, no reflection).</summary>
static partial class KernelGenLog
{
    [LoggerMessage(EventId = 1, EventName = "VariantDisabled", Level = LogLevel.Warning,
        Message = "KernelGen: {Module} kernel '{Variant}' is disabled for this process ({Cause}); the reference runs instead. {Reason}")]
    public static partial void VariantDisabled(ILogger logger, string module, string variant, string cause, string reason);
}
