using System.Security.Cryptography;
using System.Text;

namespace KernelGen.Engine.Cache;

/// <summary>
/// The kernel file hash of docs/kernel-abi.md: SHA-256 (lowercase hex) of the text as UTF-8 after removing a
/// byte-order mark and turning CRLF into LF, so checkouts with other line endings keep the same hash.
/// </summary>
public static class KernelFileHash
{
    /// <summary>The hash of a kernel file's raw bytes.</summary>
    public static string Compute(ReadOnlySpan<byte> fileBytes)
    {
        var text = Encoding.UTF8.GetString(StripBom(fileBytes));
        return OfText(text);
    }

    /// <summary>The hash of a kernel file's text (a leading U+FEFF counts as a byte-order mark).</summary>
    public static string OfText(string text)
    {
        if (text.StartsWith('\uFEFF')) text = text[1..];
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }

    /// <summary>The hash of the file at <paramref name="path"/>.</summary>
    public static string OfFile(string path) => Compute(File.ReadAllBytes(path));

    static ReadOnlySpan<byte> StripBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
}
