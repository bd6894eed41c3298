using System.Text.RegularExpressions;

namespace KernelGen.Engine.Generation;

/// <summary>Why an answer yielded no kernel file.</summary>
public enum CodeExtractionFailure
{
    /// <summary>A kernel file was extracted.</summary>
    None,
    /// <summary>The answer has no C# (or untagged) fenced code block.</summary>
    NoCodeBlock,
    /// <summary>A code block is never closed: the answer was cut off, so the file would be incomplete.</summary>
    Truncated,
    /// <summary>No C# block contains <c>static void Run(</c>.</summary>
    MissingEntryPoint,
}

/// <summary>The outcome of <see cref="CodeBlockExtractor.Extract"/>: the kernel file's text, or why there is none.</summary>
public sealed record CodeExtraction
{
    CodeExtraction(string? code, CodeExtractionFailure failure, string? problem)
    {
        Code = code;
        Failure = failure;
        Problem = problem;
    }

    /// <summary>The kernel file, with <c>\n</c> line ends and a final newline; <see langword="null"/> on failure.</summary>
    public string? Code { get; }

    /// <summary><see cref="CodeExtractionFailure.None"/>, or why extraction failed.</summary>
    public CodeExtractionFailure Failure { get; }

    /// <summary>On failure, a sentence that can be fed back to the model (<see cref="AnswerFormatFeedback"/>).</summary>
    public string? Problem { get; }

    /// <summary>Whether <see cref="Code"/> holds a kernel file.</summary>
    public bool Succeeded => Failure == CodeExtractionFailure.None;

    internal static CodeExtraction Success(string code) => new(code, CodeExtractionFailure.None, null);

    internal static CodeExtraction Fail(CodeExtractionFailure failure, string problem) => new(null, failure, problem);
}

/// <summary>
/// Takes the kernel file out of a model's answer. The answer is untrusted data: only the text of one fenced
/// code block comes out, so nothing else the answer says (prose, other blocks, "instructions" to the tool) can
/// reach the compiler or change what the engine does.
/// </summary>
public static partial class CodeBlockExtractor
{
    static readonly HashSet<string> CSharpLanguageTags = new(StringComparer.OrdinalIgnoreCase) { "", "csharp", "cs", "c#" };

    /// <summary>
    /// Extracts the <c>csharp</c>, <c>cs</c>, <c>c#</c> or untagged fenced block that contains
    /// <c>static void Run(</c> (the last such block when there are several: models revise as they go).
    /// A block left open at the end of the answer means it was truncated, which fails rather than
    /// returning half a file.
    /// </summary>
    public static CodeExtraction Extract(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        string[] lines = answer.ReplaceLineEndings("\n").Split('\n');
        var csharpBlocks = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            Match opening = OpeningFence().Match(lines[i]);
            if (!opening.Success)
                continue;
            string fence = opening.Groups["fence"].Value;
            bool isCSharp = CSharpLanguageTags.Contains(opening.Groups["language"].Value);
            int closing = FindClosingFence(lines, i + 1, fence);
            if (closing < 0)
            {
                if (isCSharp)
                    return CodeExtraction.Fail(CodeExtractionFailure.Truncated,
                        "the answer ends inside a code block that was never closed, so it was cut off; answer with the whole file in one closed ```csharp block");
                break;
            }
            if (isCSharp)
                csharpBlocks.Add(string.Join('\n', lines[(i + 1)..closing]));
            i = closing;
        }

        if (csharpBlocks.Count == 0)
            return CodeExtraction.Fail(CodeExtractionFailure.NoCodeBlock,
                "the answer contains no ```csharp code block; answer with the whole file in one ```csharp block");
        string? kernel = csharpBlocks.LastOrDefault(block => EntryPoint().IsMatch(block));
        return kernel is null
            ? CodeExtraction.Fail(CodeExtractionFailure.MissingEntryPoint,
                "no ```csharp block contains the kernel's `public static void Run(...)` method")
            : CodeExtraction.Success(kernel.TrimEnd('\n') + "\n");
    }

    // A closing fence uses the opening's character, at least as many times, and nothing else on the line.
    static int FindClosingFence(string[] lines, int start, string openingFence)
    {
        for (int i = start; i < lines.Length; i++)
        {
            string trimmed = lines[i].Trim();
            if (trimmed.Length >= openingFence.Length && trimmed.All(c => c == openingFence[0]))
                return i;
        }
        return -1;
    }

    // Indentation is allowed because models nest fences in list items; backtick fences cannot carry backticks in
    // their info string (CommonMark), which also keeps inline ``` in prose from opening a block.
    [GeneratedRegex(@"^\s*(?<fence>`{3,}|~{3,})\s*(?<language>[^\s`]*)[^`]*$")]
    private static partial Regex OpeningFence();

    [GeneratedRegex(@"\bstatic\s+void\s+Run\s*\(")]
    private static partial Regex EntryPoint();
}
