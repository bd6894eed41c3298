using System.Text.Json.Serialization;

namespace KernelGen.Cli.Doctor;

/// <summary>How much a doctor finding matters. Only <see cref="Error"/> makes <c>kernelgen doctor</c> exit non-zero.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
enum Severity
{
    /// <summary>In place and working.</summary>
    [JsonStringEnumMemberName("ok")] Ok,

    /// <summary>Not applicable or not checked here (e.g. Metal on Linux); nothing to do.</summary>
    [JsonStringEnumMemberName("info")] Info,

    /// <summary>Missing or degraded, but not needed for what works today (e.g. no CUDA driver; stale kernels fall back).</summary>
    [JsonStringEnumMemberName("warning")] Warning,

    /// <summary>Something needed is missing or broken: builds, verification or the app will fail.</summary>
    [JsonStringEnumMemberName("error")] Error,
}

/// <summary>One thing doctor checked: what it found and, when something is wrong, how to fix it.</summary>
sealed record DoctorFinding(string Check, Severity Severity, string Summary, string? Fix = null);
