using System.Text;

namespace KernelGen.Engine.Workers;

/// <summary>
/// A child process's output, bounded: the first <c>headLimit</c> and the last <c>tailLimit</c> characters, and how much
/// was dropped in between. A native crash names its cause at the top ("terminate called after throwing an instance of
/// ... what(): reason") and where it happened at the bottom, with any amount of backtrace between, so both ends are kept.
/// </summary>
public sealed class BoundedOutput(int headLimit, int tailLimit)
{
    readonly Lock gate = new();
    readonly StringBuilder head = new();
    readonly StringBuilder tail = new();
    long dropped;

    /// <summary>Appends one line (a newline is added); safe to call from the stdout and stderr readers at once.</summary>
    public void AppendLine(string line)
    {
        lock (gate)
        {
            var text = line + "\n";
            var toHead = Math.Min(text.Length, headLimit - head.Length);
            if (toHead > 0)
            {
                head.Append(text, 0, toHead);
                text = text[toHead..];
            }
            if (text.Length == 0) return;
            tail.Append(text);
            // Trim in batches so that a long stream of lines costs amortised O(1) per character.
            if (tail.Length > 2 * tailLimit)
            {
                var excess = tail.Length - tailLimit;
                tail.Remove(0, excess);
                dropped += excess;
            }
        }
    }

    /// <summary>Head, then <c>[… n characters omitted …]</c> where something was dropped, then the tail; trimmed.</summary>
    public override string ToString()
    {
        lock (gate)
        {
            var excess = Math.Max(0, tail.Length - tailLimit);
            var omitted = dropped + excess;
            var kept = tail.ToString(excess, tail.Length - excess);
            return omitted == 0
                ? (head.ToString() + kept).Trim()
                : $"{head.ToString().TrimEnd()}\n[… {omitted} characters omitted …]\n{kept.TrimStart()}".Trim();
        }
    }
}
