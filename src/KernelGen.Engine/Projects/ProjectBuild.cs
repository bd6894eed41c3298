using System.Diagnostics;
using System.Text.Json.Nodes;

namespace KernelGen.Engine.Projects;

/// <summary>A user project's built assembly and kernel cache folder.</summary>
public sealed record ProjectOutputs(string ProjectPath, string TargetPath, string CacheDir);

/// <summary>Finds and builds a user project with the <c>dotnet</c> CLI (Release configuration).</summary>
public static class ProjectBuild
{
    /// <summary>
    /// Stale kernels (KG0002) are exactly what verify and generate exist to refresh: in a project that treats warnings
    /// as errors they must not stop the engine's own build, or the project could never leave the stale state.
    /// </summary>
    const string StaleKernelsAreNotErrors = "-p:WarningsNotAsErrors=KG0002";

    /// <summary>Set by the KernelGen build task (Generate and Verify modes): the assembly the running build produced.</summary>
    public const string BuildTargetPathVariable = "KERNELGEN_BUILD_TARGET_PATH";

    /// <summary>Set by the KernelGen build task together with <see cref="BuildTargetPathVariable"/>: that build's KernelGenCacheDir.</summary>
    public const string BuildCacheDirVariable = "KERNELGEN_BUILD_CACHE_DIR";

    /// <summary>
    /// Reads TargetPath and KernelGenCacheDir; builds the project first unless <paramref name="build"/> is false and the assembly exists.
    /// Started by a build (the variables above are set), it uses that build's outputs as they are: the build's own
    /// configuration and cache folder, no second evaluation and no nested build.
    /// </summary>
    public static async Task<ProjectOutputs> ResolveAsync(string projectPath, bool build, CancellationToken cancellationToken = default)
    {
        var outputs = await EvaluateAsync(projectPath, cancellationToken);
        if (build || !File.Exists(outputs.TargetPath))
            await RunDotnetAsync(["build", outputs.ProjectPath, "-c", "Release", "--nologo", "-v", "quiet", StaleKernelsAreNotErrors], cancellationToken);
        return outputs;
    }

    /// <summary>Reads TargetPath and KernelGenCacheDir without building: for tools that only read the kernel cache.</summary>
    public static async Task<ProjectOutputs> EvaluateAsync(string projectPath, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(projectPath);
        if (!File.Exists(fullPath)) throw new FileNotFoundException($"project not found: {fullPath}", fullPath);
        if (Environment.GetEnvironmentVariable(BuildTargetPathVariable) is { Length: > 0 } builtTarget
            && Environment.GetEnvironmentVariable(BuildCacheDirVariable) is { Length: > 0 } buildCache)
            return File.Exists(builtTarget)
                ? new ProjectOutputs(fullPath, Path.GetFullPath(builtTarget), Path.GetFullPath(buildCache))
                : throw new FileNotFoundException($"the build's assembly was not found: {builtTarget}", builtTarget);
        var json = await RunDotnetAsync(["msbuild", fullPath, "-getProperty:TargetPath", "-getProperty:KernelGenCacheDir", "-p:Configuration=Release"], cancellationToken);
        var properties = JsonNode.Parse(json)?["Properties"] ?? throw new InvalidOperationException($"dotnet msbuild printed no properties for {fullPath}");
        var targetPath = (string?)properties["TargetPath"] is { Length: > 0 } target ? target : throw new InvalidOperationException($"{fullPath} has no TargetPath");
        var cacheDir = (string?)properties["KernelGenCacheDir"] is { Length: > 0 } cache ? cache : Path.Combine(Path.GetDirectoryName(fullPath)!, "kernels");
        return new ProjectOutputs(fullPath, targetPath, Path.GetFullPath(cacheDir));
    }

    static Process StartDotnet(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // A machine that only runs apps (a self-contained kernelgen on the CUDA host) has no SDK to read or build projects.
            throw new InvalidOperationException(
                $"cannot run {start.FileName} ({e.Message}): reading and building projects needs the .NET 10 SDK; on a machine without it, "
                + $"set {BuildTargetPathVariable} and {BuildCacheDirVariable} to a built assembly and its kernel cache and pass --no-build");
        }
    }

    static async Task<string> RunDotnetAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Workers.DotnetHost.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = StartDotnet(start);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{(await stdout).Trim()}\n{(await stderr).Trim()}".TrimEnd());
        return await stdout;
    }
}
