using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Generation;

/// <summary>
/// The plain-text form of a conversation: what the <c>command</c> provider writes on a child's standard input,
/// and what transcripts hash to recognise a request.
/// </summary>
public static class ConversationText
{
    /// <summary>
    /// Renders each message as a <c>=== role ===</c> header line followed by its text and a blank line.
    /// Line ends are <c>\n</c> so that the rendering, and its hash, do not depend on the platform.
    /// </summary>
    public static string Render(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var text = new StringBuilder();
        foreach (ChatMessage message in messages)
        {
            text.Append("=== ").Append(message.Role.Value).Append(" ===\n");
            text.Append(message.Text.ReplaceLineEndings("\n")).Append("\n\n");
        }
        return text.ToString();
    }

    /// <summary>SHA-256 (lowercase hex) of the UTF-8 rendering of <paramref name="messages"/>.</summary>
    public static string Sha256(IEnumerable<ChatMessage> messages) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Render(messages))));
}
