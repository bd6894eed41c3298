namespace KernelGen.Engine.Benchmarking;

/// <summary>A subject's output changed after its call returned, or was not there: its time would not be the time of its work.</summary>
public sealed class OutputNotReadyException(string subject, string detail)
    : Exception($"{subject}: {detail}; the call returned before its output was complete, so its time measures nothing");
