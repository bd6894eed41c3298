using System.CommandLine;

namespace KernelGen.Cli.Commands;

/// <summary>The options every verb that works on a project shares, spelled and described once.</summary>
static class CommonOptions
{
    public static Option<FileInfo> Project() => new("--project") { Description = "The .csproj of the app or library with annotated modules.", Required = true };

    public static Option<string?> Module() => new("--module") { Description = "Only this module (full or simple type name)." };

    public static Option<bool> NoBuild() => new("--no-build") { Description = "Use the project's existing Release build." };

    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable results." };
}
