using KernelGen.Engine.Modules;

namespace KernelGen.Cli.Commands;

/// <summary>Picks the modules a verb works on: all annotated modules, or the one named by <c>--module</c>.</summary>
static class ModuleSelection
{
    public static List<ModuleDescription> Select(IReadOnlyList<ModuleDescription> modules, string? name)
    {
        if (name is null) return [.. modules];
        var matches = modules.Where(m => m.Module == name || m.Module.EndsWith("." + name, StringComparison.Ordinal)).ToList();
        return matches.Count > 0
            ? matches
            : throw new UsageException($"no annotated module '{name}'; the project has: {(modules.Count == 0 ? "none" : string.Join(", ", modules.Select(m => m.Module)))}");
    }
}
