using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace KernelGen.SourceGenerators.Helpers;

/// <summary>The two hashes of docs/kernel-abi.md ("Hashes"): the generator is their one implementation.</summary>
internal static class ContentHashes
{
    const string FingerprintHeader = "kernelgen-fingerprint/1\n";

    /// <summary>
    /// SHA-256 of a kernel file's text without a byte-order mark and with "\r\n" turned into "\n", so that a checkout
    /// with other line endings keeps the hash.
    /// </summary>
    public static string KernelFile(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
        return Sha256Hex(text.Replace("\r\n", "\n"));
    }

    /// <summary>
    /// The reference fingerprint of <paramref name="fullName"/>: <paramref name="declarationTokens"/> holds, for each
    /// declaration the user wrote, its tokens joined by one space, already in ordinal order.
    /// </summary>
    public static string Fingerprint(string fullName, IEnumerable<string> declarationTokens)
    {
        var text = new StringBuilder(FingerprintHeader).Append(fullName).Append('\n');
        foreach (var declaration in declarationTokens) text.Append(declaration).Append('\n');
        return Sha256Hex(text.ToString());
    }

    static string Sha256Hex(string text)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        var hex = new StringBuilder(hash.Length * 2);
        foreach (var b in hash) hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return hex.ToString();
    }
}
