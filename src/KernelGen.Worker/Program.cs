using System.IO.Pipes;
using System.Text.Json;
using KernelGen.Engine.Modules;
using KernelGen.Engine.Workers;
using KernelGen.Engine.Workers.Progress;
using KernelGen.Runtime;

namespace KernelGen.Worker;

/// <summary>
/// The isolated process that loads user modules and candidate kernels. Verbs:
/// <c>describe --assembly &lt;dll&gt; [--output &lt;json&gt;]</c> and
/// <c>evaluate --request &lt;json&gt; --result &lt;json&gt; [--progress &lt;pipe name&gt;]</c>.
/// Exit codes: 0 done, 2 usage error, 1 unexpected failure (message on stderr).
/// </summary>
static class Program
{
    static int Main(string[] args)
    {
        if (args.Length == 0 || !TryParseOptions(args.AsSpan(1), out var options))
            return Usage();
        try
        {
            ProcessMemoryLimit.ApplyFromEnvironment();
            switch (args[0])
            {
                case "describe" when options.TryGetValue("--assembly", out var assembly):
                    LoadTorchSharpNatives(assembly);
                    var modules = ModuleAssembly.FindModuleTypes(ModuleAssembly.Load(assembly))
                        .Select(t => ModuleDescriber.Describe(KernelModuleHost.For(t)))
                        .ToList();
                    var json = JsonSerializer.Serialize(modules, WorkerJson.Options);
                    if (options.TryGetValue("--output", out var output)) File.WriteAllText(output, json);
                    else Console.Out.WriteLine(json);
                    return 0;
                case "evaluate" when options.TryGetValue("--request", out var requestPath) && options.TryGetValue("--result", out var resultPath):
                    var request = JsonSerializer.Deserialize<EvaluationRequest>(File.ReadAllText(requestPath), WorkerJson.Options)
                        ?? throw new InvalidDataException($"{requestPath} holds no request");
                    using (var progress = options.TryGetValue("--progress", out var pipe) ? ConnectProgress(pipe) : null)
                    {
                        LoadTorchSharpNatives(request.AssemblyPath);
                        var result = WorkerEvaluation.Run(request, progress);
                        File.WriteAllText(resultPath, JsonSerializer.Serialize(result, WorkerJson.Options));
                    }
                    return 0;
                default:
                    return Usage();
            }
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"kernelgen worker: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The worker's own natives when it has them (built in this repository); packaged without LibTorch (KernelGen's
    /// tools/ folder), it uses those of the user's built app, which needs them to run anyway.
    /// </summary>
    static void LoadTorchSharpNatives(string userAssemblyPath)
    {
        TorchSharpNative.UseNativesOf(Path.GetDirectoryName(Path.GetFullPath(userAssemblyPath))!);
        TorchSharpNative.EnsureLoadable();
    }

    /// <summary>
    /// The client's progress pipe (docs/cli.md), or null when it cannot be reached: progress is best effort, and a
    /// worker without it still verifies and writes its result.
    /// </summary>
    static ThrottledProgressWriter? ConnectProgress(string pipeName)
    {
        var pipe = new NamedPipeClientStream(".", pipeName, PipeDirection.Out, PipeOptions.CurrentUserOnly);
        try
        {
            pipe.Connect(TimeSpan.FromSeconds(10));
            return new ThrottledProgressWriter(pipe, ThrottledProgressWriter.DefaultInterval);
        }
        catch (Exception e) when (e is TimeoutException or IOException or UnauthorizedAccessException)
        {
            pipe.Dispose();
            Console.Error.WriteLine($"kernelgen worker: no progress channel ({e.Message}); evaluating without progress");
            return null;
        }
    }

    static bool TryParseOptions(ReadOnlySpan<string> args, out Dictionary<string, string> options)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (args.Length % 2 != 0) return false;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return false;
            options[args[i]] = args[i + 1];
        }
        return true;
    }

    static int Usage()
    {
        Console.Error.WriteLine("usage: KernelGen.Worker describe --assembly <dll> [--output <json>]");
        Console.Error.WriteLine("       KernelGen.Worker evaluate --request <json> --result <json> [--progress <pipe name>]");
        return 2;
    }
}
