using System.Diagnostics;
using System.Text.Json;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Verification;
using KernelGen.Engine.Workers.Progress;

namespace KernelGen.Engine.Workers;

/// <summary>How the worker process is started.</summary>
/// <param name="EvaluateTimeout">Wall-clock limit of one evaluation (verification and benchmark).</param>
/// <param name="DescribeTimeout">Wall-clock limit of <c>describe</c>.</param>
/// <param name="ManagedHeapLimitBytes">The worker's GC heap hard limit (DOTNET_GCHeapHardLimit).</param>
/// <param name="WorkerPath">KernelGen.Worker.dll; null finds it next to the engine's assembly.</param>
/// <param name="DataLimitBytes">
/// The worker's limit on all private writable memory, managed heap and native (LibTorch tensors, the runtime's own)
/// together: RLIMIT_DATA on Linux. The default leaves 8 GiB beyond the managed heap's 4, a few hundred copies of a
/// 4096 × 4096 float32 tensor.
/// </param>
public sealed record WorkerOptions(TimeSpan EvaluateTimeout, TimeSpan DescribeTimeout, long ManagedHeapLimitBytes = 4L << 30, string? WorkerPath = null, long DataLimitBytes = 12L << 30)
{
    public static WorkerOptions Default { get; } = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2));
}

/// <summary>
/// Starts KernelGen.Worker with the same <c>dotnet</c> host, under a time limit (the whole process tree is killed when
/// it expires), a managed heap limit, a limit on all private memory (RLIMIT_DATA, set by the worker itself on Linux),
/// and the environment that makes timings fair. For <see cref="EvaluateAsync"/> any
/// failure of the worker (crash, exit, timeout, garbage) is a rejection with the reason, never an exception.
/// </summary>
public sealed class WorkerClient(WorkerOptions options)
{
    /// <summary>Environment for fair timing (docs/shared ENVIRONMENT.md): no OpenMP spinning, no returning memory to the OS.</summary>
    public static readonly IReadOnlyDictionary<string, string> TimingEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["OMP_WAIT_POLICY"] = "PASSIVE",
        ["MALLOC_MMAP_MAX_"] = "0",
        ["MALLOC_TRIM_THRESHOLD_"] = "4294967296",
    };

    /// <summary>The environment variable that tells the worker its RLIMIT_DATA in bytes.</summary>
    public const string DataLimitVariable = "KERNELGEN_WORKER_DATA_LIMIT";

    public WorkerClient() : this(WorkerOptions.Default) { }

    /// <summary>The contracts of every annotated module in <paramref name="assemblyPath"/>; throws <see cref="WorkerException"/> when the worker fails.</summary>
    public async Task<IReadOnlyList<ModuleDescription>> DescribeAsync(string assemblyPath, CancellationToken cancellationToken = default)
    {
        using var scratch = new ScratchFolder();
        var output = scratch.File("describe.json");
        var run = await RunAsync(["describe", "--assembly", Path.GetFullPath(assemblyPath), "--output", output], options.DescribeTimeout, null, cancellationToken);
        if (run.Failure is { } failure) throw new WorkerException($"describing {assemblyPath} failed: {failure}");
        try
        {
            return JsonSerializer.Deserialize<List<ModuleDescription>>(File.ReadAllText(output), WorkerJson.Options)
                ?? throw new WorkerException("the worker described no modules");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new WorkerException($"the worker's description of {assemblyPath} is unreadable: {e.Message}");
        }
    }

    /// <summary>Verifies (and benchmarks) a compiled candidate in a fresh worker.</summary>
    /// <param name="progress">
    /// Told what the worker is doing (trials, warm-up, samples) while it runs, on a thread of the client's, in order;
    /// throttled by the worker. Null opens no progress channel.
    /// </param>
    public async Task<EvaluationResult> EvaluateAsync(EvaluationRequest request, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var scratch = new ScratchFolder();
        var requestPath = scratch.File("request.json");
        var resultPath = scratch.File("result.json");
        await File.WriteAllTextAsync(requestPath, JsonSerializer.Serialize(request, WorkerJson.Options), cancellationToken);
        List<string> arguments = ["evaluate", "--request", requestPath, "--result", resultPath];
        using var channel = progress is null ? null : new ProgressChannel(progress);
        if (channel is not null) arguments.AddRange(["--progress", channel.Name]);
        var run = await RunAsync(arguments, options.EvaluateTimeout, channel, cancellationToken);
        if (run.TimedOut) return EvaluationResult.Reject("worker", run.Failure!);
        try
        {
            if (run.Failure is null && File.Exists(resultPath)
                && JsonSerializer.Deserialize<EvaluationResult>(await File.ReadAllTextAsync(resultPath, cancellationToken), WorkerJson.Options) is { } result)
                return result;
        }
        catch (JsonException e)
        {
            return EvaluationResult.Reject("worker", $"the worker wrote an unreadable result: {e.Message}");
        }
        return EvaluationResult.Reject("worker", run.Failure ?? "the worker exited without writing a result");
    }

    async Task<WorkerRun> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, ProgressChannel? channel, CancellationToken cancellationToken)
    {
        var start = WorkerLauncher.StartInfo(options.WorkerPath ?? DefaultWorkerPath());
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in TimingEnvironment) start.Environment[name] = value;
        start.Environment["DOTNET_GCHeapHardLimit"] = options.ManagedHeapLimitBytes.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        start.Environment[DataLimitVariable] = options.DataLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var process = new Process { StartInfo = start };
        // Both streams into one bounded record, in arrival order: a crash's message and its end both survive.
        var output = new BoundedOutput(OutputHeadCharacters, OutputTailCharacters);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var reading = channel?.ReadAsync(process);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (reading is not null) await reading;
            cancellationToken.ThrowIfCancellationRequested();
            return new WorkerRun(true, $"timed out after {timeout.TotalSeconds:0.#} s");
        }
        // WaitForExitAsync returns when the process exits; this waits for the redirected streams to drain.
        process.WaitForExit();
        if (reading is not null) await reading;
        if (process.ExitCode == 0) return new WorkerRun(false, null);
        var text = output.ToString();
        return new WorkerRun(false, $"the worker {ExitDescription(process.ExitCode)}{(text.Length > 0 ? ": " + text : "")}");
    }

    /// <summary>How much of a failed worker's output a rejection keeps: its first and its last characters.</summary>
    const int OutputHeadCharacters = 3000, OutputTailCharacters = 3000;

    /// <summary>"exited with code 1", or for a process killed by a signal (exit code 128 + n on Unix) also the signal's name.</summary>
    static string ExitDescription(int exitCode)
    {
        var signal = OperatingSystem.IsWindows() ? null : (exitCode - 128) switch
        {
            6 => "SIGABRT: aborted, e.g. by an uncaught C++ exception",
            7 => "SIGBUS",
            9 => "SIGKILL: killed, e.g. by the out-of-memory killer",
            11 => "SIGSEGV: invalid memory access",
            _ => null,
        };
        return $"exited with code {exitCode}{(signal is null ? "" : $" ({signal})")}";
    }

    static string DefaultWorkerPath()
    {
        var path = Path.Combine(Path.GetDirectoryName(typeof(WorkerClient).Assembly.Location)!, "KernelGen.Worker.dll");
        return File.Exists(path) ? path : throw new WorkerException($"KernelGen.Worker.dll is not next to the engine ({path})");
    }

    sealed record WorkerRun(bool TimedOut, string? Failure);
}

/// <summary>The worker could not do something that is not a candidate's fault (describe failed, worker missing).</summary>
public sealed class WorkerException(string message) : Exception(message);
