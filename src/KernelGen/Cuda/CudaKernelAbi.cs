using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KernelGen.Cuda;

/// <summary>
/// The CUDA kernel ABI of docs/kernel-abi.md ("A CUDA kernel file"), checked by the source generator at bake time
/// and by the runtime before it compiles a file (this one file is compiled into both). A kernel file is CUDA C++
/// with no <c>#include</c>, one <c>extern "C" __global__ void</c> entry point taking
/// <c>const T*</c> per input and state tensor, <c>T*</c> for the output, then <c>long long</c> per shape symbol, and
/// one launch line such as <c>// kernelgen:launch grid=N*4096/1024 block=256 shared=0</c>.
/// </summary>
internal static class CudaKernelAbi
{
    /// <summary>The comment that declares the launch configuration.</summary>
    public const string LaunchDirective = "// kernelgen:launch";

    /// <summary>Dynamic shared memory a launch may ask for without raising the function's limit.</summary>
    public const int MaxSharedBytes = 48 * 1024;

    static readonly Regex IncludePattern = new(@"^[ \t]*#[ \t]*include\b", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    static readonly Regex LaunchPattern = new(@"^[ \t]*// kernelgen:launch(?<settings>[^\r\n]*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>The C++ element type of a lock dtype, or null when CUDA kernels do not support it yet.</summary>
    public static string? ElementType(string lockDtype) => lockDtype switch
    {
        "float32" => "float",
        "float64" => "double",
        "int32" => "int",
        "int64" => "long long",
        "int16" => "short",
        "int8" => "signed char",
        "uint8" => "unsigned char",
        "bool" => "bool",
        _ => null,
    };

    /// <summary>
    /// Checks <paramref name="source"/> against the ABI for a contract whose arguments (inputs, then state) have
    /// <paramref name="argumentDtypes"/>, whose output has <paramref name="outputDtype"/>, and whose shape domain has
    /// <paramref name="symbols"/> in order. Returns the launch configuration, or null with what is wrong and where.
    /// </summary>
    public static CudaLaunchSpec? Parse(string source, string entryPoint, IReadOnlyList<string> argumentDtypes, string outputDtype, IReadOnlyList<string> symbols,
        out string? error, out int errorOffset)
    {
        errorOffset = 0;
        // Checked as baked: with "\n" line endings, whatever the checkout's (offsets stay close enough to point at the line).
        source = source.Replace("\r\n", "\n");
        var include = IncludePattern.Match(source);
        if (include.Success)
        {
            errorOffset = include.Index;
            error = "it has an #include: kernels are compiled by NVRTC with no include path and must be self-contained";
            return null;
        }

        var launches = LaunchPattern.Matches(source);
        if (launches.Count != 1)
        {
            if (launches.Count > 1) errorOffset = launches[1].Index;
            error = $"it must have exactly one '{LaunchDirective} grid=... block=...' line; found {launches.Count}";
            return null;
        }
        var spec = ParseLaunch(launches[0].Groups["settings"].Value, symbols, out error);
        if (spec is null)
        {
            errorOffset = launches[0].Index;
            return null;
        }

        error = CheckSignature(source, entryPoint, argumentDtypes, outputDtype, symbols.Count, out errorOffset);
        return error is null ? spec : null;
    }

    static CudaLaunchSpec? ParseLaunch(string settings, IReadOnlyList<string> symbols, out string? error)
    {
        string? grid = null;
        int? block = null;
        var shared = 0;
        foreach (var setting in settings.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = setting.IndexOf('=');
            var key = equals < 0 ? setting : setting.Substring(0, equals);
            var value = equals < 0 ? "" : setting.Substring(equals + 1);
            switch (key)
            {
                case "grid":
                    grid = value;
                    break;
                case "block" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var threads) && threads >= 1 && threads <= 1024:
                    block = threads;
                    break;
                case "shared" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes <= MaxSharedBytes:
                    shared = bytes;
                    break;
                default:
                    error = $"the launch line has '{setting}'; it takes grid=<expression>, block=<1..1024> and optionally shared=<0..{MaxSharedBytes} bytes>";
                    return null;
            }
        }
        if (grid is null || block is null)
        {
            error = "the launch line needs both grid=<expression> and block=<threads>";
            return null;
        }

        // grid = factor*factor*.../divisor: factors are shape symbols or integers; the division rounds up.
        long divisor = 1;
        var product = grid;
        var slash = grid.IndexOf('/');
        if (slash >= 0)
        {
            product = grid.Substring(0, slash);
            if (!long.TryParse(grid.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out divisor) || divisor < 1)
            {
                error = $"grid '{grid}': the divisor after '/' must be a positive integer";
                return null;
            }
        }
        var factors = new List<CudaGridFactor>();
        foreach (var factor in product.Split('*'))
        {
            if (long.TryParse(factor, NumberStyles.None, CultureInfo.InvariantCulture, out var constant) && constant >= 1)
            {
                factors.Add(new CudaGridFactor(-1, constant));
                continue;
            }
            var symbol = IndexOf(symbols, factor);
            if (symbol < 0)
            {
                error = $"grid '{grid}': '{factor}' is neither a positive integer nor a symbol of the shape domain ({(symbols.Count == 0 ? "it has none" : string.Join(", ", symbols))})";
                return null;
            }
            factors.Add(new CudaGridFactor(symbol, 0));
        }
        error = null;
        return new CudaLaunchSpec(factors.ToArray(), divisor, block.Value, shared);
    }

    static string? CheckSignature(string source, string entryPoint, IReadOnlyList<string> argumentDtypes, string outputDtype, int symbolCount, out int errorOffset)
    {
        errorOffset = 0;
        var declaration = new Regex(
            @"extern\s+""C""\s+__global__\s+void\s+(__launch_bounds__\s*\([^)]*\)\s*)?" + Regex.Escape(entryPoint) + @"\s*\(",
            RegexOptions.CultureInvariant);
        var matches = declaration.Matches(source);
        var expected = ExpectedSignature(entryPoint, argumentDtypes, outputDtype, symbolCount);
        if (matches.Count != 1)
            return matches.Count == 0
                ? $"it declares no 'extern \"C\" __global__ void {entryPoint}(...)' (the lock's entryPoint); expected {expected}"
                : $"it declares '{entryPoint}' {matches.Count} times; expected one {expected}";

        var open = matches[0].Index + matches[0].Length;
        var close = source.IndexOf(')', open);
        errorOffset = matches[0].Index;
        if (close < 0) return $"the parameter list of '{entryPoint}' is not closed";
        var parameters = source.Substring(open, close - open).Split(',');
        var expectedCount = argumentDtypes.Count + 1 + symbolCount;
        if (parameters.Length != expectedCount)
            return $"'{entryPoint}' takes {parameters.Length} parameters; expected {expected}";
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = ParameterType(parameters[i]);
            string? want;
            if (i < argumentDtypes.Count) want = ElementType(argumentDtypes[i]) is { } element ? "const " + element + "*" : null;
            else if (i == argumentDtypes.Count) want = ElementType(outputDtype) is { } element ? element + "*" : null;
            else want = "long long";
            if (want is null) return $"parameter {i + 1} of '{entryPoint}' has a dtype CUDA kernels do not support yet ({(i < argumentDtypes.Count ? argumentDtypes[i] : outputDtype)})";
            if (type != want) return $"parameter {i + 1} of '{entryPoint}' is '{type}'; expected {expected}";
        }
        return null;
    }

    /// <summary>The parameter's type with its name and <c>__restrict__</c> removed and spacing normalised ("const float*").</summary>
    static string ParameterType(string parameter)
    {
        var text = Regex.Replace(parameter.Replace("__restrict__", " "), @"\s+", " ").Trim();
        var nameStart = text.Length;
        while (nameStart > 0 && (char.IsLetterOrDigit(text[nameStart - 1]) || text[nameStart - 1] == '_')) nameStart--;
        return Regex.Replace(text.Substring(0, nameStart), @"\s*\*\s*", "*").Trim();
    }

    /// <summary>The signature a contract asks for, for error messages and prompts.</summary>
    public static string ExpectedSignature(string entryPoint, IReadOnlyList<string> argumentDtypes, string outputDtype, int symbolCount)
    {
        var parameters = new List<string>();
        for (var i = 0; i < argumentDtypes.Count; i++) parameters.Add($"const {ElementType(argumentDtypes[i]) ?? argumentDtypes[i]}* __restrict__ a{i}");
        parameters.Add($"{ElementType(outputDtype) ?? outputDtype}* __restrict__ out");
        for (var i = 0; i < symbolCount; i++) parameters.Add($"long long s{i}");
        return $"extern \"C\" __global__ void {entryPoint}({string.Join(", ", parameters)})";
    }

    static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }
}

/// <summary>One factor of a grid expression: a shape symbol (its index) or a constant (Symbol = -1).</summary>
internal readonly struct CudaGridFactor(int symbol, long constant)
{
    public int Symbol { get; } = symbol;

    public long Constant { get; } = constant;
}

/// <summary>A kernel's launch configuration: a 1-D grid computed from the bound symbols, and a 1-D block.</summary>
internal sealed class CudaLaunchSpec(CudaGridFactor[] gridFactors, long gridDivisor, int block, int sharedBytes)
{
    public int Block { get; } = block;

    public int SharedBytes { get; } = sharedBytes;

    /// <summary>ceil(product of the factors / divisor), or -1 when it overflows the grid's 2^31 - 1 limit.</summary>
    public long Grid(ReadOnlySpan<long> symbols)
    {
        long product = 1;
        foreach (var factor in gridFactors)
        {
            var value = factor.Symbol < 0 ? factor.Constant : symbols[factor.Symbol];
            if (value > int.MaxValue || product > long.MaxValue / Math.Max(1, value)) return -1;
            product *= value;
        }
        var grid = (product + gridDivisor - 1) / gridDivisor;
        return grid >= 1 && grid <= int.MaxValue ? grid : -1;
    }
}
