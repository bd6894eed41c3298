using KernelGen.Engine.Benchmarking;
using KernelGen.Runtime;
using QuickStart.Demo;
using static TorchSharp.torch;

namespace QuickStart;

/// <summary>
/// Runs every annotated module of this sample through its generated <c>forward</c>, which dispatches to the baked
/// kernel, and reports which variant ran, how far the result is from a float64 oracle and how much faster it was
/// than the module's reference. Then it proves the fallback: a child process with KERNELGEN_DISABLE=1 must run
/// every module on its reference.
/// </summary>
static class Program
{
    const string DisabledCheckArgument = "--disabled-check";

    static int Main(string[] args)
    {
        if (TunedProcess.RelaunchIfNeeded(args) is { } exitCode) return exitCode;
        using var noGrad = no_grad();
        return args.Contains(DisabledCheckArgument) ? DisabledCheck() : MainJob();
    }

    static int MainJob()
    {
        var settings = new HarnessSettings();
        var peak = MachinePeakCache.Default.GetOrMeasure();
        Console.WriteLine($"KernelGen QuickStart: float32 on the CPU, {get_num_threads()} LibTorch threads; the engine's benchmark harness: "
            + $"{settings.Samples} interleaved samples per side after warm-up, cold and warm (docs/benchmarking.md).");
        Console.WriteLine($"Process settings: {TunedProcess.Describe()}");
        Console.WriteLine($"Machine peak (probe, {MachinePeakCache.Default.Folder}): {peak.PeakBandwidthGBs:F1} GB/s memory bandwidth"
            + (peak.PeakGflops is { } gflops ? $", {gflops:F0} GFLOP/s FP32 FMA" : ""));
        Console.WriteLine();

        var harness = new InterleavedHarness(settings);
        var results = ModuleDemos.All().Select(demo => demo.Measure(harness, peak)).ToList();
        ResultTable.Print(results);
        var accurate = results.All(r => r.WithinTolerance);
        if (!accurate)
            Console.WriteLine("FAILED: a dispatched result is further from the float64 oracle than the reference tolerance allows.");

        Console.WriteLine();
        var fallbackHeld = RunDisabledCheckInChild();
        return accurate && fallbackHeld ? 0 : 1;
    }

    /// <summary>Runs this program again with KERNELGEN_DISABLE=1 and reports whether every module fell back.</summary>
    static bool RunDisabledCheckInChild()
    {
        Console.WriteLine("KERNELGEN_DISABLE=1 (child process):");
        var start = TunedProcess.StartInfoForSelf([DisabledCheckArgument]);
        start.Environment["KERNELGEN_DISABLE"] = "1";
        start.RedirectStandardOutput = true;
        using var child = System.Diagnostics.Process.Start(start)
            ?? throw new InvalidOperationException($"could not start {start.FileName}");
        while (child.StandardOutput.ReadLine() is { } line) Console.WriteLine("  " + line);
        child.WaitForExit();
        var held = child.ExitCode == 0;
        Console.WriteLine(held
            ? "Fallback held: with KERNELGEN_DISABLE=1 every module ran its reference."
            : $"FAILED: the child exited with {child.ExitCode}; a kernel ran although KERNELGEN_DISABLE=1.");
        return held;
    }

    /// <summary>Child mode: every module must run its reference; exits 1 if any kernel ran.</summary>
    static int DisabledCheck()
    {
        if (!KernelGenEnvironment.Disabled)
        {
            Console.WriteLine("KERNELGEN_DISABLE=1 did not reach this process.");
            return 1;
        }
        var kernelRan = false;
        foreach (var demo in ModuleDemos.All())
        {
            var variant = demo.RunForwardOnce();
            Console.WriteLine($"{demo.Name,-28} {variant ?? "reference"}");
            kernelRan |= variant is not null;
        }
        return kernelRan ? 1 : 0;
    }
}
