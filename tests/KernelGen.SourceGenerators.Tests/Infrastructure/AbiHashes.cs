using System.Security.Cryptography;
using System.Text;

namespace KernelGen.SourceGenerators.Tests.Infrastructure;

/// <summary>The hashes of docs/kernel-abi.md written again from the text of the contract, to check the generator against.</summary>
static class AbiHashes
{
    public static string KernelFile(string text) =>
        Sha256Hex(text.TrimStart('\uFEFF').Replace("\r\n", "\n"));

    /// <summary>The fingerprint of a module from its declarations' token texts (already joined by one space).</summary>
    public static string Fingerprint(string fullName, params string[] declarationTokens)
    {
        var text = "kernelgen-fingerprint/1\n" + fullName + "\n";
        foreach (var declaration in declarationTokens.Order(StringComparer.Ordinal)) text += declaration + "\n";
        return Sha256Hex(text);
    }

    static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
