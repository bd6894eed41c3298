// Compiled into KernelGen.Build.dll for the package, and inline by MSBuild's RoslynCodeTaskFactory inside this repository
// (see KernelGen.NativeFix.targets); keep it to netstandard APIs.
// `kernelgen doctor` compiles the same file with KERNELGEN_ELF_READER_ONLY to read, never write, the same flag:
// one ELF reader for the fix and for the check that the fix is in place.
using System;
using System.IO;
using System.Text;
#if !KERNELGEN_ELF_READER_ONLY
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one symbol-version requirement of ELF64 shared objects weak (VER_FLG_WEAK), so that glibc's loader
/// accepts the library on a system whose libstdc++ lacks that version. Idempotent; writes a new file and renames
/// it over the old one, so a hard link into the NuGet cache is replaced rather than modified.
/// </summary>
public sealed class KernelGenWeakenElfVersionRequirement : Task
{
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string Version { get; set; } = "";

    /// <summary>When true (builds), skip the patch if this machine's libstdc++ already provides the version.
    /// Publish output may run elsewhere, so it is always patched.</summary>
    public bool OnlyWhenSystemLacksVersion { get; set; }

    public override bool Execute()
    {
        if (OnlyWhenSystemLacksVersion && ElfVersionRequirements.SystemLibStdCxxProvides(Version, ElfVersionRequirements.SystemLibStdCxxPaths))
        {
            Log.LogMessage(MessageImportance.Low, "KernelGen: this system's libstdc++ provides {0}; no patch needed.", Version);
            return true;
        }
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                Patch(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
            {
                Log.LogWarning(null, "KG0100", null, path, 0, 0, 0, 0,
                    "KernelGen could not mark {0} weak in this file: {1}. TorchSharp may fail to load on systems whose libstdc++ lacks it.",
                    Version, e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    void Patch(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var flagsOffset = ElfVersionRequirements.FindVernauxFlags(bytes, Version);
        if (flagsOffset < 0)
        {
            Log.LogMessage(MessageImportance.Low, "KernelGen: {0} does not require {1}.", path, Version);
            return;
        }
        var flags = BitConverter.ToUInt16(bytes, flagsOffset);
        if ((flags & ElfVersionRequirements.VerFlagWeak) != 0)
        {
            Log.LogMessage(MessageImportance.Low, "KernelGen: {0} already marks {1} weak.", path, Version);
            return;
        }
        var copiedFrom = File.GetLastWriteTimeUtc(path);
        var patched = path + ".kernelgen-tmp";
        File.Copy(path, patched, overwrite: true); // a new inode with the same permissions
        using (var stream = new FileStream(patched, FileMode.Open, FileAccess.Write))
        {
            stream.Position = flagsOffset;
            var value = (ushort)(flags | ElfVersionRequirements.VerFlagWeak);
            stream.WriteByte((byte)(value & 0xff));
            stream.WriteByte((byte)(value >> 8));
        }
        // Same size and timestamp as the file it was copied from: the next build's copy step sees it as up to date and
        // leaves it alone instead of copying and patching it again in every build (a new version still replaces it).
        File.SetLastWriteTimeUtc(patched, copiedFrom);
        File.Replace(patched, path, null);
        Log.LogMessage(MessageImportance.Normal, "KernelGen: marked {0} weak in {1} (libstdc++ compatibility fix).", Version, path);
    }
}
#endif

/// <summary>Reads symbol-version requirements (SHT_GNU_verneed) of little-endian ELF64 shared objects.</summary>
public static class ElfVersionRequirements
{
    /// <summary>Where Linux distributions keep the system libstdc++.</summary>
    public static readonly string[] SystemLibStdCxxPaths =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    /// <summary>The Vernaux flag that makes a version requirement weak (VER_FLG_WEAK).</summary>
    public const ushort VerFlagWeak = 0x2;

    const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>True when a libstdc++ among <paramref name="paths"/> defines <paramref name="version"/>.</summary>
    public static bool SystemLibStdCxxProvides(string version, string[] paths)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var path in paths)
        {
            if (File.Exists(path) && IndexOf(File.ReadAllBytes(path), needle) >= 0) return true;
        }
        return false;
    }

    /// <summary>
    /// Returns the file offset of vna_flags of the Vernaux entry named <paramref name="version"/>, or -1; throws
    /// <see cref="InvalidDataException"/> for a file that is not a little-endian ELF64 object.
    /// </summary>
    public static int FindVernauxFlags(byte[] elf, string version)
    {
        if (elf.Length < 0x40 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("not a little-endian ELF64 file");

        var sectionTable = checked((int)BitConverter.ToUInt64(elf, 0x28));
        var sectionCount = BitConverter.ToUInt16(elf, 0x3c);
        for (var i = 0; i < sectionCount; i++)
        {
            var header = sectionTable + i * 64;
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed) continue;
            var verneed = checked((int)BitConverter.ToUInt64(elf, header + 0x18));
            var stringsHeader = sectionTable + (int)BitConverter.ToUInt32(elf, header + 0x28) * 64;
            var strings = checked((int)BitConverter.ToUInt64(elf, stringsHeader + 0x18));

            for (var need = verneed; ; )
            {
                var auxCount = BitConverter.ToUInt16(elf, need + 2);
                var aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadCString(elf, strings + (int)BitConverter.ToUInt32(elf, aux + 8));
                    if (name == version) return aux + 4;
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                var next = (int)BitConverter.ToUInt32(elf, need + 12);
                if (next == 0) break;
                need += next;
            }
        }
        return -1;
    }

    static string ReadCString(byte[] bytes, int offset)
    {
        var end = Array.IndexOf(bytes, (byte)0, offset);
        return Encoding.ASCII.GetString(bytes, offset, end - offset);
    }

    static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
}
