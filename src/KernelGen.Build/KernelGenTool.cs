using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace KernelGen.Build;

/// <summary>
/// Runs <c>kernelgen generate</c> or <c>kernelgen verify</c> on the assembly the running build just produced, in its
/// own process (TorchSharp natives, Roslyn and network calls never enter an MSBuild node), and turns the tool's
/// failures into build diagnostics with the module, the reason and the next step (docs/diagnostics.md, KG0102+).
/// </summary>
public sealed class KernelGenTool : ToolTask
{
    /// <summary>Tells the tool which assembly and cache the build uses, so it neither queries nor builds the project again.</summary>
    public const string TargetPathVariable = "KERNELGEN_BUILD_TARGET_PATH";

    /// <summary>The kernel cache folder of the running build (see <see cref="TargetPathVariable"/>).</summary>
    public const string CacheDirVariable = "KERNELGEN_BUILD_CACHE_DIR";

    static readonly Regex ModuleWithoutKernel = new(@"^(?<module>\S+): no verified kernel(?<rest>.*)$", RegexOptions.CultureInvariant);
    static readonly Regex VerifiedVariantHeader = new(@"^(?<module>\S+) / (?<variant>[a-z0-9-]+)$", RegexOptions.CultureInvariant);
    static readonly Regex RejectedVerdict = new(@"^\s+=> rejected by (?<check>\S+)", RegexOptions.CultureInvariant);

    readonly List<string> failureLines = new();
    readonly List<string> modulesWithoutKernel = new();
    readonly List<string> rejectedVariants = new();
    string? currentVariant;

    /// <summary><c>generate</c> or <c>verify</c>.</summary>
    [Required] public string Verb { get; set; } = "";

    /// <summary>KernelGen.Cli.dll, run with the same <c>dotnet</c> host as the build.</summary>
    [Required] public string ToolAssembly { get; set; } = "";

    /// <summary>The project being built.</summary>
    [Required] public string Project { get; set; } = "";

    /// <summary>The assembly the build produced (TargetPath).</summary>
    [Required] public string TargetPath { get; set; } = "";

    /// <summary>The kernel cache folder (KernelGenCacheDir).</summary>
    [Required] public string CacheDir { get; set; } = "";

    /// <summary>The provider configuration (KernelGenConfigFile); used by <c>generate</c> only.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Only this module (KernelGenModule); empty means every annotated module.</summary>
    public string? Module { get; set; }

    /// <summary>The backend to verify (KernelGenBackends); used by <c>verify</c> only.</summary>
    public string? Backend { get; set; }

    /// <summary>The <c>dotnet</c> host; default: the one running this build (DOTNET_HOST_PATH), else <c>dotnet</c> on PATH.</summary>
    public string? DotnetHost { get; set; }

    /// <inheritdoc />
    protected override string ToolName => "dotnet";

    /// <summary>Progress lines of the tool are visible at the default verbosity; its details at -v:n.</summary>
    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.High;

    /// <inheritdoc />
    public override bool Execute()
    {
        if (Verb != "generate" && Verb != "verify")
        {
            Log.LogError(null, "KG0106", null, Project, 0, 0, 0, 0, "KernelGenTool: Verb must be 'generate' or 'verify', not '{0}'.", Verb);
            return false;
        }
        if (!File.Exists(ToolAssembly))
        {
            Log.LogError(null, "KG0106", null, Project, 0, 0, 0, 0,
                "KernelGen {0}: the kernelgen tool was not found at '{1}'. The KernelGen package is incomplete (restore it again), or set KernelGenToolPath to a built KernelGen.Cli.dll.",
                Verb, ToolAssembly);
            return false;
        }
        EnvironmentVariables = new[] { TargetPathVariable + "=" + Path.GetFullPath(TargetPath), CacheDirVariable + "=" + Path.GetFullPath(CacheDir) };
        return base.Execute();
    }

    /// <inheritdoc />
    protected override string GenerateFullPathToTool()
    {
        if (!string.IsNullOrEmpty(DotnetHost)) return DotnetHost!;
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk) ? fromSdk! : ToolName;
    }

    /// <inheritdoc />
    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        builder.AppendFileNameIfNotNull(ToolAssembly);
        builder.AppendSwitch(Verb);
        builder.AppendSwitchIfNotNull("--project ", Project);
        if (!string.IsNullOrEmpty(Module)) builder.AppendSwitchIfNotNull("--module ", Module);
        if (Verb == "generate" && !string.IsNullOrEmpty(ConfigFile)) builder.AppendSwitchIfNotNull("--config ", ConfigFile);
        if (Verb == "verify" && !string.IsNullOrEmpty(Backend)) builder.AppendSwitchIfNotNull("--backend ", Backend);
        builder.AppendSwitch("--no-build");
        return builder.ToString();
    }

    /// <summary>
    /// Every line is logged as a message (never parsed as a canonical error, so a kernel's text cannot fail the
    /// build) and remembered when it says which module or variant failed.
    /// </summary>
    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        Log.LogMessage(messageImportance, "{0}", singleLine);
        if (singleLine.StartsWith("kernelgen " + Verb + ":", StringComparison.Ordinal))
            failureLines.Add(singleLine.Substring(("kernelgen " + Verb + ":").Length).Trim());
        else if (ModuleWithoutKernel.Match(singleLine) is { Success: true } noKernel)
            modulesWithoutKernel.Add(noKernel.Groups["module"].Value);
        else if (VerifiedVariantHeader.Match(singleLine) is { Success: true } header)
            currentVariant = header.Groups["module"].Value + "' variant '" + header.Groups["variant"].Value;
        else if (RejectedVerdict.Match(singleLine) is { Success: true } rejected && currentVariant is not null)
            rejectedVariants.Add(currentVariant + "' (failing check: " + rejected.Groups["check"].Value + ")");
    }

    /// <summary>Maps the tool's documented exit codes (docs/cli.md) to KG diagnostics instead of MSBuild's generic MSB6006.</summary>
    protected override bool HandleTaskExecutionErrors()
    {
        var reason = failureLines.Count > 0 ? string.Join(" ", failureLines) : "it printed no reason (run the build with -v:n to see its output)";
        switch (ExitCode)
        {
            case 2:
                Log.LogError(null, "KG0102", null, Project, 0, 0, 0, 0,
                    "KernelGen {0} could not start: {1}. Fix the provider configuration ({2}) or set the environment variable it names, then build again. Without -p:KernelGenMode={3} the build bakes the committed kernels and needs no provider.",
                    Verb, reason, ConfigFile ?? "kernelgen.json", Capitalized(Verb));
                return false;
            case 3 when Verb == "generate":
                foreach (var module in modulesWithoutKernel.Count > 0 ? modulesWithoutKernel : new List<string> { "(unnamed)" })
                    Log.LogWarning(null, "KG0104", null, Project, 0, 0, 0, 0,
                        "Module '{0}' got no verified kernel: every candidate failed compilation, the API policy or verification. It keeps its reference implementation. Next: read the failing checks above (-v:n) and the transcript under obj/kernelgen/, then allow more turns or another model in {1}.",
                        module, ConfigFile ?? "kernelgen.json");
                return true;
            case 3:
                foreach (var variant in rejectedVariants.Count > 0 ? rejectedVariants : new List<string> { "(unnamed)" })
                    Log.LogWarning(null, "KG0105", null, Project, 0, 0, 0, 0,
                        "Module '{0} was rejected when verified again; the lock now marks it rejected and the module dispatches to its other variants or its reference. Next: regenerate it (-p:KernelGenMode=Generate) or fix the kernel and verify again.",
                        variant);
                return true;
            default:
                Log.LogError(null, "KG0103", null, Project, 0, 0, 0, 0,
                    "KernelGen {0} failed{1} (exit code {2}): {3}. Modules committed before the failure stay committed; the others keep their reference. Next: {4}, or build without -p:KernelGenMode={5} to bake what is committed.",
                    Verb, modulesWithoutKernel.Count > 0 ? " for " + string.Join(", ", modulesWithoutKernel) : "", ExitCode, reason,
                    Verb == "generate" ? "check that the provider's endpoint is reachable and its key is valid" : "run the build with -v:n to see the tool's output",
                    Capitalized(Verb));
                return false;
        }
    }

    static string Capitalized(string verb) => verb.Length == 0 ? verb : char.ToUpperInvariant(verb[0]) + verb.Substring(1);
}
