using System.Globalization;
using System.Runtime.InteropServices;
using KernelGen.Engine.Workers;

namespace KernelGen.Worker;

/// <summary>
/// Caps the worker's private writable memory (RLIMIT_DATA) on Linux, at the size the engine passes in
/// <see cref="WorkerClient.DataLimitVariable"/>. DOTNET_GCHeapHardLimit bounds only the managed heap; LibTorch's tensors
/// (the reference, the oracle, the trials' inputs) are native. RLIMIT_DATA rather than RLIMIT_AS because the runtime
/// reserves far more address space than it uses: reservations are not writable and do not count against this limit.
/// </summary>
static class ProcessMemoryLimit
{
    const int RlimitData = 2;

    public static void ApplyFromEnvironment()
    {
        if (!OperatingSystem.IsLinux()
            || !long.TryParse(Environment.GetEnvironmentVariable(WorkerClient.DataLimitVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
            return;
        if (getrlimit(RlimitData, out var current) != 0) throw new InvalidOperationException($"getrlimit failed (errno {Marshal.GetLastPInvokeError()})");
        // Soft and hard alike, so nothing in the process can raise it again; never above an existing hard limit.
        var limit = Math.Min((ulong)bytes, current.Maximum);
        var capped = new RLimit { Current = limit, Maximum = limit };
        if (setrlimit(RlimitData, ref capped) != 0) throw new InvalidOperationException($"setrlimit(RLIMIT_DATA, {limit}) failed (errno {Marshal.GetLastPInvokeError()})");
    }

    [StructLayout(LayoutKind.Sequential)]
    struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", SetLastError = true)]
    static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    static extern int setrlimit(int resource, ref RLimit limit);
}
