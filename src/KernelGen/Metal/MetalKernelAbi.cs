using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace KernelGen.Metal;

/// <summary>
/// The Metal kernel ABI of docs/kernel-abi.md ("A Metal kernel file"), checked by the source generator at bake time
/// and by the runtime before it compiles a file (this one file is compiled into both). A kernel file is Metal
/// Shading Language with no <c>#include</c> but <c>&lt;metal_stdlib&gt;</c>, one <c>kernel void</c> entry point
/// whose buffer parameters are, in <c>[[buffer(i)]]</c> order, <c>device const T*</c> per input and state tensor,
/// <c>device T*</c> for the output and <c>constant long&amp;</c> per shape symbol (any other parameter is a
/// built-in such as <c>[[thread_position_in_grid]]</c>), and one launch line such as
/// <c>// kernelgen:launch threads=N*8 threadgroup=256</c>.
/// </summary>
internal static class MetalKernelAbi
{
    /// <summary>The comment that declares the launch configuration.</summary>
    public const string LaunchDirective = "// kernelgen:launch";

    /// <summary>The most threads per threadgroup any Apple GPU allows; the pipeline's own limit is checked at run time.</summary>
    public const int MaxThreadgroup = 1024;

    /// <summary>The largest grid width a launch may ask for (Metal sizes are NSUInteger; KernelGen keeps to 32 bits).</summary>
    public const long MaxThreads = uint.MaxValue;

    const string AllowedInclude = "<metal_stdlib>";

    /// <summary>Parameter attributes Metal fills in itself; a parameter with one of them is not part of the ABI's buffers.</summary>
    static readonly HashSet<string> BuiltIns = new(StringComparer.Ordinal)
    {
        "thread_position_in_grid", "thread_position_in_threadgroup", "threadgroup_position_in_grid", "threads_per_grid",
        "threads_per_threadgroup", "threadgroups_per_grid", "thread_index_in_threadgroup", "thread_index_in_simdgroup",
        "simdgroup_index_in_threadgroup", "threads_per_simdgroup", "simdgroups_per_threadgroup", "thread_execution_width",
        "dispatch_threads_per_threadgroup",
    };

    /// <summary>The MSL element type of a lock dtype, or null when Metal kernels cannot take it (Metal has no double).</summary>
    public static string? ElementType(string lockDtype) => lockDtype switch
    {
        "float32" => "float",
        "float16" => "half",
        "int32" => "int",
        "int64" => "long",
        "int16" => "short",
        "int8" => "char",
        "uint8" => "uchar",
        "bool" => "bool",
        _ => null,
    };

    /// <summary>
    /// Checks <paramref name="source"/> against the ABI for a contract whose arguments (inputs, then state) have
    /// <paramref name="argumentDtypes"/>, whose output has <paramref name="outputDtype"/>, and whose shape domain has
    /// <paramref name="symbols"/> in order. Returns the launch configuration, or null with what is wrong and where.
    /// </summary>
    public static MetalLaunchSpec? Parse(string source, string entryPoint, IReadOnlyList<string> argumentDtypes, string outputDtype, IReadOnlyList<string> symbols,
        out string? error, out int errorOffset)
    {
        // Checked as baked: with "\n" line endings, whatever the checkout's.
        source = source.Replace("\r\n", "\n");
        var lexed = MslLexer.Lex(source);
        foreach (var directive in lexed.Directives)
        {
            var text = directive.Text;
            if (StartsWithWord(text, "#include") && text.Substring("#include".Length).Trim() == AllowedInclude) continue;
            if (!StartsWithWord(text, "#include") && !StartsWithWord(text, "#import")) continue;
            errorOffset = directive.Offset;
            error = $"it has '{text}': kernels are compiled from source with no include path; only #include {AllowedInclude} is allowed";
            return null;
        }

        var launches = lexed.Comments.FindAll(c => c.Text.StartsWith(LaunchDirective, StringComparison.Ordinal));
        if (launches.Count != 1)
        {
            errorOffset = launches.Count > 1 ? launches[1].Offset : 0;
            error = $"it must have exactly one '{LaunchDirective} threads=... [threadgroup=...]' line; found {launches.Count}";
            return null;
        }
        var spec = ParseLaunch(launches[0].Text.Substring(LaunchDirective.Length), symbols, out error);
        if (spec is null)
        {
            errorOffset = launches[0].Offset;
            return null;
        }

        error = CheckSignature(lexed.Tokens, entryPoint, argumentDtypes, outputDtype, symbols.Count, out errorOffset);
        return error is null ? spec : null;
    }

    static bool StartsWithWord(string text, string word) =>
        text.StartsWith(word, StringComparison.Ordinal) && (text.Length == word.Length || !char.IsLetterOrDigit(text[word.Length]));

    static MetalLaunchSpec? ParseLaunch(string settings, IReadOnlyList<string> symbols, out string? error)
    {
        string? threads = null;
        var threadgroup = 0;
        foreach (var setting in settings.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = setting.IndexOf('=');
            var key = equals < 0 ? setting : setting.Substring(0, equals);
            var value = equals < 0 ? "" : setting.Substring(equals + 1);
            switch (key)
            {
                case "threads":
                    threads = value;
                    break;
                case "threadgroup" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size >= 1 && size <= MaxThreadgroup:
                    threadgroup = size;
                    break;
                default:
                    error = $"the launch line has '{setting}'; it takes threads=<expression> and optionally threadgroup=<1..{MaxThreadgroup}>";
                    return null;
            }
        }
        if (threads is null)
        {
            error = "the launch line needs threads=<expression> (the number of threads in the 1-D grid)";
            return null;
        }

        // threads = factor*factor*.../divisor: factors are shape symbols or integers; the division rounds up.
        long divisor = 1;
        var product = threads;
        var slash = threads.IndexOf('/');
        if (slash >= 0)
        {
            product = threads.Substring(0, slash);
            if (!long.TryParse(threads.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out divisor) || divisor < 1)
            {
                error = $"threads '{threads}': the divisor after '/' must be a positive integer";
                return null;
            }
        }
        var factors = new List<MetalGridFactor>();
        foreach (var factor in product.Split('*'))
        {
            if (long.TryParse(factor, NumberStyles.None, CultureInfo.InvariantCulture, out var constant) && constant >= 1)
            {
                factors.Add(new MetalGridFactor(-1, constant));
                continue;
            }
            var symbol = IndexOf(symbols, factor);
            if (symbol < 0)
            {
                error = $"threads '{threads}': '{factor}' is neither a positive integer nor a symbol of the shape domain ({(symbols.Count == 0 ? "it has none" : string.Join(", ", symbols))})";
                return null;
            }
            factors.Add(new MetalGridFactor(symbol, 0));
        }
        error = null;
        return new MetalLaunchSpec(factors.ToArray(), divisor, threadgroup);
    }

    static string? CheckSignature(List<MslToken> tokens, string entryPoint, IReadOnlyList<string> argumentDtypes, string outputDtype, int symbolCount, out int errorOffset)
    {
        errorOffset = 0;
        var expected = ExpectedSignature(entryPoint, argumentDtypes, outputDtype, symbolCount);
        var declarations = new List<int>();
        for (var i = 0; i + 3 < tokens.Count; i++)
            if (tokens[i].Text == "kernel" && tokens[i + 1].Text == "void" && tokens[i + 2].Text == entryPoint && tokens[i + 3].Text == "(") declarations.Add(i);
        if (declarations.Count != 1)
        {
            if (declarations.Count > 1) errorOffset = tokens[declarations[1]].Offset;
            return declarations.Count == 0
                ? $"it declares no 'kernel void {entryPoint}(...)' (the lock's entryPoint); expected {expected}"
                : $"it declares '{entryPoint}' {declarations.Count} times; expected one {expected}";
        }
        errorOffset = tokens[declarations[0]].Offset;
        var parameters = SplitParameters(tokens, declarations[0] + 4);
        if (parameters is null) return $"the parameter list of '{entryPoint}' is not closed";

        var wantBuffers = argumentDtypes.Count + 1 + symbolCount;
        var buffer = 0;
        for (var p = 0; p < parameters.Count; p++)
        {
            var parameter = MslParameter.Read(parameters[p]);
            errorOffset = parameters[p].Count > 0 ? parameters[p][0].Offset : errorOffset;
            if (parameter is null) return $"parameter {p + 1} of '{entryPoint}' is not '<type> <name> [[attribute]]'; expected {expected}";
            if (parameter.BufferIndex is not { } index)
            {
                if (BuiltIns.Contains(parameter.Attribute)) continue;
                return parameter.Attribute.StartsWith("threadgroup", StringComparison.Ordinal)
                    ? $"parameter {p + 1} of '{entryPoint}' is threadgroup memory set by the host; declare it inside the kernel with a fixed size (threadgroup float tile[256];)"
                    : $"parameter {p + 1} of '{entryPoint}' has '[[{parameter.Attribute}]]', neither [[buffer(i)]] nor a thread-position built-in; expected {expected}";
            }
            if (buffer >= wantBuffers) return $"'{entryPoint}' binds more than {wantBuffers} buffers; expected {expected}";
            if (index != buffer) return $"parameter {p + 1} of '{entryPoint}' is bound at [[buffer({index})]]; the ABI's buffer {buffer} must come next; expected {expected}";
            var want = ExpectedBufferType(buffer, argumentDtypes, outputDtype, out var dtype);
            if (want is null) return $"buffer {buffer} of '{entryPoint}' has a dtype Metal kernels cannot take ({dtype}: Metal has no 64-bit float)";
            if (parameter.Type != want) return $"buffer {buffer} of '{entryPoint}' is '{parameter.Type}'; expected {expected}";
            buffer++;
        }
        return buffer == wantBuffers ? null : $"'{entryPoint}' binds {buffer} buffers; expected {expected}";
    }

    static string? ExpectedBufferType(int buffer, IReadOnlyList<string> argumentDtypes, string outputDtype, out string dtype)
    {
        if (buffer < argumentDtypes.Count)
        {
            dtype = argumentDtypes[buffer];
            return ElementType(dtype) is { } element ? "device const " + element + "*" : null;
        }
        dtype = buffer == argumentDtypes.Count ? outputDtype : "int64";
        if (buffer == argumentDtypes.Count) return ElementType(dtype) is { } element ? "device " + element + "*" : null;
        return "constant long&";
    }

    /// <summary>The parameters between the parentheses opened before <paramref name="start"/>, split at top-level commas; null when unclosed.</summary>
    static List<List<MslToken>>? SplitParameters(List<MslToken> tokens, int start)
    {
        var parameters = new List<List<MslToken>>();
        var current = new List<MslToken>();
        var depth = 0;
        for (var i = start; i < tokens.Count; i++)
        {
            var text = tokens[i].Text;
            if (depth == 0 && text == ")")
            {
                if (current.Count > 0 || parameters.Count > 0) parameters.Add(current);
                return parameters;
            }
            if (depth == 0 && text == ",")
            {
                parameters.Add(current);
                current = new List<MslToken>();
                continue;
            }
            if (text == "(" || text == "[") depth++;
            else if (text == ")" || text == "]") depth--;
            current.Add(tokens[i]);
        }
        return null;
    }

    /// <summary>The signature a contract asks for, for error messages and prompts.</summary>
    public static string ExpectedSignature(string entryPoint, IReadOnlyList<string> argumentDtypes, string outputDtype, int symbolCount)
    {
        var parameters = new List<string>();
        for (var i = 0; i < argumentDtypes.Count; i++) parameters.Add($"device const {ElementType(argumentDtypes[i]) ?? argumentDtypes[i]}* a{i} [[buffer({i})]]");
        parameters.Add($"device {ElementType(outputDtype) ?? outputDtype}* out [[buffer({argumentDtypes.Count})]]");
        for (var i = 0; i < symbolCount; i++) parameters.Add($"constant long& s{i} [[buffer({argumentDtypes.Count + 1 + i})]]");
        parameters.Add("uint gid [[thread_position_in_grid]]");
        return $"kernel void {entryPoint}({string.Join(", ", parameters)})";
    }

    static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }
}

/// <summary>One factor of a threads expression: a shape symbol (its index) or a constant (Symbol = -1).</summary>
internal readonly struct MetalGridFactor(int symbol, long constant)
{
    public int Symbol { get; } = symbol;

    public long Constant { get; } = constant;
}

/// <summary>A kernel's launch configuration: a 1-D grid of threads computed from the bound symbols, and a threadgroup width (0: chosen from the pipeline).</summary>
internal sealed class MetalLaunchSpec(MetalGridFactor[] factors, long divisor, int threadgroup)
{
    /// <summary>The launch line's threadgroup width, or 0 when the runtime chooses it from the pipeline's limits.</summary>
    public int Threadgroup { get; } = threadgroup;

    /// <summary>ceil(product of the factors / divisor), or -1 when it exceeds <see cref="MetalKernelAbi.MaxThreads"/>.</summary>
    public long Threads(ReadOnlySpan<long> symbols)
    {
        long product = 1;
        foreach (var factor in factors)
        {
            var value = factor.Symbol < 0 ? factor.Constant : symbols[factor.Symbol];
            if (value > int.MaxValue || product > long.MaxValue / Math.Max(1, value)) return -1;
            product *= value;
        }
        var threads = (product + divisor - 1) / divisor;
        return threads >= 1 && threads <= MetalKernelAbi.MaxThreads ? threads : -1;
    }
}

/// <summary>One token of MSL with its offset in the source.</summary>
internal readonly struct MslToken(string text, int offset)
{
    public string Text { get; } = text;

    public int Offset { get; } = offset;
}

/// <summary>
/// A lexer for the part of MSL (C++14) the ABI check reads: identifiers, numbers and punctuation, with comments,
/// string and character literals and preprocessor lines taken out (so a commented-out or quoted declaration never
/// counts). Comments and directives are kept apart, since the launch line is a comment and includes are directives.
/// </summary>
internal sealed class MslLexer
{
    public List<MslToken> Tokens { get; } = new();

    public List<MslToken> Comments { get; } = new();

    public List<MslToken> Directives { get; } = new();

    public static MslLexer Lex(string source)
    {
        var lexed = new MslLexer();
        var lineStart = true;
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '\n')
            {
                lineStart = true;
                i++;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (c == '#' && lineStart)
            {
                i = LineEnd(source, i);
                lexed.Directives.Add(new MslToken(source.Substring(start, i - start).Trim(), start));
                continue;
            }
            lineStart = false;
            if (c == '/' && Next(source, i) == '/')
            {
                i = LineEnd(source, i);
                lexed.Comments.Add(new MslToken(source.Substring(start, i - start).TrimEnd(), start));
            }
            else if (c == '/' && Next(source, i) == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? source.Length : end + 2;
                lexed.Comments.Add(new MslToken(source.Substring(start, i - start), start));
            }
            else if (c == '"' || c == '\'')
            {
                i++;
                while (i < source.Length && source[i] != c && source[i] != '\n') i += source[i] == '\\' ? 2 : 1;
                i = Math.Min(source.Length, i + 1);
                lexed.Tokens.Add(new MslToken(c == '"' ? "\"\"" : "''", start));
            }
            else if (char.IsLetterOrDigit(c) || c == '_')
            {
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] == '_' || (char.IsDigit(c) && source[i] == '.'))) i++;
                lexed.Tokens.Add(new MslToken(source.Substring(start, i - start), start));
            }
            else
            {
                i++;
                lexed.Tokens.Add(new MslToken(c.ToString(), start));
            }
        }
        return lexed;
    }

    static char Next(string source, int i) => i + 1 < source.Length ? source[i + 1] : '\0';

    static int LineEnd(string source, int i)
    {
        var end = source.IndexOf('\n', i);
        return end < 0 ? source.Length : end;
    }
}

/// <summary>
/// One kernel parameter as the ABI sees it: its type in a canonical spelling (address space, const, element type,
/// then <c>*</c> or <c>&amp;</c>, so <c>const device float *</c> reads as <c>device const float*</c>) and its one
/// attribute (<c>buffer</c> with its index, or a built-in's name).
/// </summary>
internal sealed class MslParameter
{
    static readonly HashSet<string> AddressSpaces = new(StringComparer.Ordinal) { "device", "constant", "threadgroup", "thread" };

    MslParameter(string type, string attribute, int? bufferIndex)
    {
        Type = type;
        Attribute = attribute;
        BufferIndex = bufferIndex;
    }

    public string Type { get; }

    public string Attribute { get; }

    public int? BufferIndex { get; }

    /// <summary>The parameter, or null when it is not <c>&lt;type&gt; &lt;name&gt; [[attribute]]</c>.</summary>
    public static MslParameter? Read(List<MslToken> tokens)
    {
        // The attribute: the last "[[ ... ]]" of the parameter.
        var n = tokens.Count;
        if (n < 6 || tokens[n - 1].Text != "]" || tokens[n - 2].Text != "]") return null;
        var open = -1;
        for (var i = n - 3; i > 0; i--)
            if (tokens[i].Text == "[" && tokens[i - 1].Text == "[")
            {
                open = i - 1;
                break;
            }
        if (open < 2) return null;
        var attribute = new StringBuilder();
        for (var i = open + 2; i < n - 2; i++) attribute.Append(tokens[i].Text);
        var name = tokens[open - 1].Text;
        if (!IsIdentifier(name)) return null;

        string? space = null;
        var isConst = false;
        var indirection = "";
        var element = new List<string>();
        for (var i = 0; i < open - 1; i++)
        {
            var text = tokens[i].Text;
            if (AddressSpaces.Contains(text) && space is null) space = text;
            else if (text == "const") isConst = true;
            else if ((text == "*" || text == "&") && indirection.Length == 0) indirection = text;
            else if (IsIdentifier(text) && indirection.Length == 0) element.Add(text);
            else return null;
        }
        if (element.Count == 0) return null;
        // The constant address space is read-only already; "constant const long&" means the same as "constant long&".
        if (space == "constant") isConst = false;
        var type = (space is null ? "" : space + " ") + (isConst ? "const " : "") + string.Join(" ", element) + indirection;

        var attributeText = attribute.ToString();
        int? index = null;
        if (attributeText.StartsWith("buffer(", StringComparison.Ordinal) && attributeText.EndsWith(")", StringComparison.Ordinal))
        {
            if (!int.TryParse(attributeText.Substring(7, attributeText.Length - 8), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return null;
            index = value;
        }
        return new MslParameter(type, attributeText, index);
    }

    static bool IsIdentifier(string text) => text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_');
}
