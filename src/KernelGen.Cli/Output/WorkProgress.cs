using System.Diagnostics;
using System.Globalization;
using KernelGen.Engine.Workers.Progress;
using Spectre.Console;

namespace KernelGen.Cli.Output;

/// <summary>
/// Progress of a verb's long work as a list of steps (build the project, describe its modules, verify one variant,
/// one generation turn, ...), shown live, as plain lines, or not at all (<see cref="OutputMode"/>). Progress goes to
/// standard error so that standard output keeps only results.
/// </summary>
abstract class WorkProgress
{
    /// <summary>The display for <paramref name="mode"/>, writing to <paramref name="error"/>.</summary>
    public static WorkProgress For(OutputMode mode, TextWriter error) => mode switch
    {
        OutputMode.Rich => new LiveProgress(error),
        OutputMode.Plain => new LineProgress(error),
        _ => new SilentProgress(),
    };

    /// <summary>Runs <paramref name="work"/> while the display is up; results are printed after it returns.</summary>
    public abstract Task<T> RunAsync<T>(Func<IProgressSteps, Task<T>> work);
}

/// <summary>Starts the steps of one piece of work.</summary>
interface IProgressSteps
{
    /// <summary>A step that is now running, e.g. <c>verify QuickStart.RmsNorm / rmsnorm-avx2-rows</c>.</summary>
    IProgressStep Begin(string description);
}

/// <summary>One running step. A step that is disposed without <see cref="Done"/> ends as "stopped".</summary>
interface IProgressStep : IDisposable
{
    /// <summary>What the step is doing now (e.g. "turn 2: verifying").</summary>
    void Status(string status);

    /// <summary>
    /// Fine-grained progress inside the step (a verification trial, a benchmark sample): the live display shows every
    /// <paramref name="detail"/>, plain lines show only a new <paramref name="phase"/>, so a log gets no line per sample.
    /// </summary>
    void Activity(string phase, string detail);

    /// <summary>Ends the step with its outcome (e.g. "accepted, 2.70x").</summary>
    void Done(string outcome, bool succeeded = true);
}

/// <summary>Helpers over <see cref="IProgressSteps"/>.</summary>
static class ProgressSteps
{
    /// <summary>Runs <paramref name="work"/> as one step: done with the outcome <paramref name="outcome"/> gives (default "done"), or "failed" when it throws.</summary>
    public static Task<T> StepAsync<T>(this IProgressSteps steps, string description, Func<Task<T>> work, Func<T, (string Outcome, bool Succeeded)>? outcome = null) =>
        steps.StepAsync(description, _ => work(), outcome);

    /// <summary>As above, for work that reports its own progress to the step (<see cref="IProgressStep.Activity"/>).</summary>
    public static async Task<T> StepAsync<T>(this IProgressSteps steps, string description, Func<IProgressStep, Task<T>> work, Func<T, (string Outcome, bool Succeeded)>? outcome = null)
    {
        using var step = steps.Begin(description);
        T result;
        try
        {
            result = await work(step);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            step.Done("failed", succeeded: false);
            throw;
        }
        var (text, succeeded) = outcome?.Invoke(result) ?? ("done", true);
        step.Done(text, succeeded);
        return result;
    }
}

/// <summary>A worker's progress events shown on a step: each event's phase and description (<see cref="IProgressStep.Activity"/>).</summary>
static class EvaluationActivity
{
    /// <summary>Shows a worker's events on <paramref name="step"/>.</summary>
    public static IProgress<EvaluationProgress> On(IProgressStep step) =>
        new SynchronousProgress<EvaluationProgress>(e => step.Activity(e.Phase, e.Description));
}

sealed class SilentProgress : WorkProgress, IProgressSteps
{
    public override Task<T> RunAsync<T>(Func<IProgressSteps, Task<T>> work) => work(this);

    public IProgressStep Begin(string description) => new Step();

    sealed class Step : IProgressStep
    {
        public void Status(string status) { }

        public void Activity(string phase, string detail) { }

        public void Done(string outcome, bool succeeded = true) { }

        public void Dispose() { }
    }
}

/// <summary>Plain lines: <c>[2] verify M / v ...</c> when a step starts, <c>[2] verify M / v: accepted (4.2 s)</c> when it ends.</summary>
sealed class LineProgress(TextWriter error) : WorkProgress, IProgressSteps
{
    readonly Lock gate = new();
    int count;

    public override Task<T> RunAsync<T>(Func<IProgressSteps, Task<T>> work) => work(this);

    public IProgressStep Begin(string description)
    {
        int number;
        lock (gate)
        {
            number = ++count;
            error.WriteLine($"[{number}] {description} ...");
        }
        return new Step(this, number, description);
    }

    void Write(string line)
    {
        lock (gate) error.WriteLine(line);
    }

    sealed class Step(LineProgress owner, int number, string description) : IProgressStep
    {
        readonly Stopwatch clock = Stopwatch.StartNew();
        string? lastPhase;
        bool ended;

        public void Status(string status) => owner.Write($"[{number}] {description}: {status}");

        public void Activity(string phase, string detail)
        {
            if (Interlocked.Exchange(ref lastPhase, phase) != phase) Status(phase);
        }

        public void Done(string outcome, bool succeeded = true)
        {
            if (ended) return;
            ended = true;
            owner.Write(string.Create(CultureInfo.InvariantCulture, $"[{number}] {description}: {outcome} ({clock.Elapsed.TotalSeconds:F1} s)"));
        }

        public void Dispose() => Done("stopped", succeeded: false);
    }
}

/// <summary>A live Spectre.Console display: one line per step with a spinner and its elapsed time; ended steps stay.</summary>
sealed class LiveProgress(TextWriter error) : WorkProgress
{
    public override Task<T> RunAsync<T>(Func<IProgressSteps, Task<T>> work)
    {
        // Rich is chosen only for a terminal (TerminalFacts), so interactivity is not detected again here.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error), Interactive = InteractionSupport.Yes });
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn())
            .StartAsync(context => work(new Steps(context)));
    }

    sealed class Steps(ProgressContext context) : IProgressSteps
    {
        public IProgressStep Begin(string description)
        {
            var task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: 1);
            task.IsIndeterminate = true;
            return new Step(task, description);
        }
    }

    sealed class Step(ProgressTask task, string description) : IProgressStep
    {
        bool ended;

        public void Status(string status) => task.Description = $"{Markup.Escape(description)} [grey]{Markup.Escape(status)}[/]";

        public void Activity(string phase, string detail) => Status(detail);

        public void Done(string outcome, bool succeeded = true)
        {
            if (ended) return;
            ended = true;
            task.Description = $"{Markup.Escape(description)}: [{(succeeded ? "green" : "red")}]{Markup.Escape(outcome)}[/]";
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
            task.StopTask();
        }

        public void Dispose() => Done("stopped", succeeded: false);
    }
}
