using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace KernelGen.Engine.Generation;

/// <summary>
/// Renders the prompts that ask a model for a kernel of one backend: the first turn from a module's contract, later turns
/// from feedback on the previous answer. Templates are the embedded <see cref="PromptTemplates"/>, or files of
/// the same role in a template directory.
/// </summary>
public sealed class KernelPromptBuilder
{
    /// <summary>At most this many compiler errors are fed back: the first ones matter, the rest are usually echoes.</summary>
    public const int MaxCompilerErrorsShown = 30;

    readonly Template initialTemplate;
    readonly Template refinementTemplate;

    /// <summary>Loads and parses <paramref name="backend"/>'s templates; a template that does not parse fails here.</summary>
    /// <param name="templateDirectory">
    /// A directory whose <c>&lt;backend&gt;.scriban</c> and <c>&lt;backend&gt;-refine.scriban</c>
    /// (<see cref="PromptTemplates.InitialFileNameOf"/>, <see cref="PromptTemplates.RefinementFileNameOf"/>), where present,
    /// replace the embedded templates; <see langword="null"/> for the embedded ones only.
    /// </param>
    /// <param name="backend">The backend the kernels are for: a key of <see cref="PromptTemplates.EmbeddedByBackend"/>.</param>
    /// <exception cref="DirectoryNotFoundException">The template directory does not exist (a typo should not silently fall back).</exception>
    /// <exception cref="PromptTemplateException">A template does not parse, or the backend has no templates.</exception>
    public KernelPromptBuilder(string? templateDirectory = null, string backend = "cpu")
    {
        if (templateDirectory is not null && !Directory.Exists(templateDirectory))
            throw new DirectoryNotFoundException($"prompt template directory '{templateDirectory}' does not exist");
        if (!PromptTemplates.EmbeddedByBackend.TryGetValue(backend, out var embedded))
            throw new PromptTemplateException($"no prompt templates for backend '{backend}' (have: {string.Join(", ", PromptTemplates.EmbeddedByBackend.Keys)})");
        Backend = backend;
        (string initialText, string initialName) = LoadText(templateDirectory, PromptTemplates.InitialFileNameOf(backend), embedded.Initial);
        (string refinementText, string refinementName) = LoadText(templateDirectory, PromptTemplates.RefinementFileNameOf(backend), embedded.Refinement);
        initialTemplate = Parse(initialText, initialName);
        refinementTemplate = Parse(refinementText, refinementName);
        // Both templates shape the kernel, so provenance covers both; NUL cannot occur in either text.
        PromptTemplateSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(initialText + "\0" + refinementText)));
    }

    /// <summary>
    /// SHA-256 (lowercase hex) of the templates in use, first turn then refinement, with <c>\n</c> line ends:
    /// the <c>promptTemplateSha256</c> of a variant's provenance.
    /// </summary>
    public string PromptTemplateSha256 { get; }

    /// <summary>The backend whose templates this builder renders.</summary>
    public string Backend { get; }

    /// <summary>The first turn's prompt for <paramref name="context"/>.</summary>
    public string BuildInitialPrompt(KernelPromptContext context) =>
        Render(initialTemplate, CreateModel(context));

    /// <summary>A later turn's prompt: <paramref name="feedback"/> on the previous answer.</summary>
    public string BuildRefinementPrompt(KernelPromptContext context, RefinementFeedback feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        ScriptObject model = CreateModel(context);
        model["feedback"] = CreateFeedbackModel(context, feedback);
        return Render(refinementTemplate, model);
    }

    static (string Text, string Name) LoadText(string? directory, string fileName, string embedded)
    {
        string? path = directory is null ? null : Path.Combine(directory, fileName);
        // Line ends are normalised so that the template hash does not depend on how the file was checked out.
        return path is not null && File.Exists(path)
            ? (File.ReadAllText(path).ReplaceLineEndings("\n"), path)
            : (embedded.ReplaceLineEndings("\n"), "embedded " + fileName);
    }

    static Template Parse(string text, string name)
    {
        Template template = Template.Parse(text, name);
        if (template.HasErrors)
            throw new PromptTemplateException($"prompt template '{name}' does not parse: {string.Join("; ", template.Messages)}");
        return template;
    }

    static string Render(Template template, ScriptObject model)
    {
        // Strict: a misspelt variable in an overriding template is an error, not a silently empty prompt section.
        var context = new TemplateContext { StrictVariables = true, EnableRelaxedMemberAccess = false };
        context.PushGlobal(model);
        try
        {
            return template.Render(context);
        }
        catch (ScriptRuntimeException e)
        {
            throw new PromptTemplateException($"prompt template '{template.SourceFilePath}' does not render: {e.Message}", e);
        }
    }

    static ScriptObject CreateModel(KernelPromptContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(context.BandwidthGBps, 0);
        ArgumentOutOfRangeException.ThrowIfNegative(context.BytesMoved);
        CpuRunSignature signature = CpuRunSignature.For(context);
        var parameters = new ScriptArray();
        foreach (RunParameter parameter in signature.Parameters)
        {
            parameters.Add(new ScriptObject
            {
                ["name"] = parameter.Name,
                ["type"] = parameter.Type,
                ["role"] = parameter.Role,
                ["dtype"] = parameter.Tensor.Dtype,
                ["shape"] = "[" + string.Join(", ", parameter.Tensor.Shape) + "]",
            });
        }
        return new ScriptObject
        {
            ["module_name"] = context.ModuleName,
            ["namespace"] = "KernelGen.Kernels." + string.Join('.', context.ModuleName.Split('.').Select(CpuRunSignature.ToIdentifier)),
            ["class_name"] = CpuRunSignature.ToIdentifier(context.ModuleName.Split('.')[^1]) + "Kernel",
            ["run_signature"] = signature.ToString(),
            ["parameters"] = parameters,
            ["reference_source"] = context.ReferenceSource.ReplaceLineEndings("\n").Trim('\n'),
            ["bytes_moved"] = context.BytesMoved.ToString("N0", CultureInfo.InvariantCulture),
            ["mebibytes_moved"] = (context.BytesMoved / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture),
            ["bandwidth_gbps"] = context.BandwidthGBps.ToString("0.#", CultureInfo.InvariantCulture),
            ["speed_of_light"] = FormatDuration(context.SpeedOfLight),
        };
    }

    static ScriptObject CreateFeedbackModel(KernelPromptContext context, RefinementFeedback feedback) => feedback switch
    {
        AnswerFormatFeedback format => new ScriptObject { ["kind"] = "format", ["problem"] = format.Problem },
        CompilerErrorsFeedback compile => new ScriptObject
        {
            ["kind"] = "compile",
            ["error_count"] = compile.Errors.Count,
            ["shown_count"] = Math.Min(compile.Errors.Count, MaxCompilerErrorsShown),
            ["errors"] = new ScriptArray(compile.Errors.Take(MaxCompilerErrorsShown)),
        },
        VerificationFailureFeedback verify => new ScriptObject
        {
            ["kind"] = "verify",
            ["check"] = verify.Check,
            ["summary"] = verify.Summary,
            ["evidence"] = new ScriptArray(verify.Evidence.Select(e => new ScriptObject { ["name"] = e.Name, ["value"] = e.Value })),
        },
        BenchmarkFeedback benchmark => new ScriptObject
        {
            ["kind"] = "benchmark",
            ["kernel_median"] = FormatDuration(benchmark.KernelMedian),
            ["reference_median"] = FormatDuration(benchmark.ReferenceMedian),
            ["speedup"] = (benchmark.ReferenceMedian / benchmark.KernelMedian).ToString("F2", CultureInfo.InvariantCulture),
            ["percent_of_speed_of_light"] = (100 * (context.SpeedOfLight / benchmark.KernelMedian)).ToString("F1", CultureInfo.InvariantCulture),
        },
        _ => throw new ArgumentException($"unknown feedback {feedback.GetType().Name}", nameof(feedback)),
    };

    static string FormatDuration(TimeSpan duration) => duration.TotalMilliseconds switch
    {
        < 1 => duration.TotalMicroseconds.ToString("F1", CultureInfo.InvariantCulture) + " µs",
        < 1000 => duration.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture) + " ms",
        _ => duration.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture) + " s",
    };
}
