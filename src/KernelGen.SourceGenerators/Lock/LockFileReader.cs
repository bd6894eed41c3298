using System;
using System.Collections.Generic;
using System.Linq;
using KernelGen.SourceGenerators.Helpers;
using KernelGen.SourceGenerators.Json;
using KernelGen.SourceGenerators.Models;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.SourceGenerators.Lock;

/// <summary>
/// Reads a <c>kernelgen.lock.json</c> and enforces the rules of docs/kernel-abi.md ("The kernel cache"): the first
/// broken rule becomes a <see cref="LockFileError"/> that points at the offending value.
/// </summary>
internal sealed class LockFileReader
{
    public const int SchemaVersion = 1;

    readonly string moduleFullName;
    readonly int moduleInputCount;

    LockFileReader(string moduleFullName, int moduleInputCount)
    {
        this.moduleFullName = moduleFullName;
        this.moduleInputCount = moduleInputCount;
    }

    /// <summary>Reads the lock of <paramref name="moduleFullName"/>, whose reference takes <paramref name="moduleInputCount"/> tensors.</summary>
    public static LockFile? Read(SourceText text, string moduleFullName, int moduleInputCount, out LockFileError? error)
    {
        var root = JsonParser.Parse(text.ToString(), out var syntaxError);
        if (syntaxError is not null)
        {
            var position = text.Lines.GetLinePosition(Math.Min(syntaxError.Position, text.Length));
            error = new LockFileError(
                $"invalid JSON at line {position.Line + 1}, column {position.Character + 1}: {syntaxError.Message}",
                new TextSpan(Math.Min(syntaxError.Position, text.Length), 0));
            return null;
        }
        try
        {
            error = null;
            return new LockFileReader(moduleFullName, moduleInputCount).ReadRoot(root!);
        }
        catch (LockFormatException exception)
        {
            error = new LockFileError(exception.Message, exception.Span);
            return null;
        }
    }

    LockFile ReadRoot(JsonNode node)
    {
        var root = AsObject(node, "the document");
        var schema = RequireInteger(root, "schemaVersion", "the document", out var schemaNode);
        if (schema != SchemaVersion)
            throw new LockFormatException($"schemaVersion is {schema} but this generator reads schema {SchemaVersion}; update KernelGen or regenerate the lock", schemaNode.Span);

        var module = RequireString(root, "module", "the document", out var moduleNode);
        if (module != moduleFullName)
            throw new LockFormatException($"module is \"{module}\" but the lock is in the folder of module \"{moduleFullName}\"", moduleNode.Span);

        var fingerprint = RequireString(root, "fingerprint", "the document", out var fingerprintNode);
        if (!IsSha256Hex(fingerprint))
            throw new LockFormatException("fingerprint must be 64 lowercase hexadecimal digits", fingerprintNode.Span);

        var contract = ReadContract(AsObject(RequireProperty(root, "contract", "the document"), "contract"));
        var variantsNode = AsArray(RequireProperty(root, "variants", "the document"), "variants");
        var variants = new List<LockVariant>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < variantsNode.Items.Count; i++)
        {
            var path = $"variants[{i}]";
            var variant = ReadVariant(AsObject(variantsNode.Items[i], path), path, contract);
            if (!ids.Add(variant.Id))
                throw new LockFormatException($"{path}.id \"{variant.Id}\" is not unique", variantsNode.Items[i].Span);
            variants.Add(variant);
        }
        return new LockFile(fingerprint, fingerprintNode.Span, contract, variants.ToEquatableArray());
    }

    LockContract ReadContract(JsonObject contract)
    {
        var inputsNode = AsArray(RequireProperty(contract, "inputs", "contract"), "contract.inputs");
        var inputs = ReadTensors(inputsNode, "contract.inputs");
        if (inputs.Count != moduleInputCount)
            throw new LockFormatException($"contract.inputs lists {inputs.Count} tensors but the module's reference takes {moduleInputCount}", inputsNode.Span);
        var state = ReadTensors(AsArray(RequireProperty(contract, "state", "contract"), "contract.state"), "contract.state");
        var output = AsObject(RequireProperty(contract, "output", "contract"), "contract.output");
        return new LockContract(inputs, state, RequireDtype(output, "contract.output"));
    }

    EquatableArray<LockTensor> ReadTensors(JsonArray array, string path)
    {
        var tensors = new List<LockTensor>();
        for (var i = 0; i < array.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var tensor = AsObject(array.Items[i], itemPath);
            var name = RequireString(tensor, "name", itemPath, out var nameNode);
            if (name.Length == 0) throw new LockFormatException($"{itemPath}.name is empty", nameNode.Span);
            tensors.Add(new LockTensor(name, RequireDtype(tensor, itemPath)));
        }
        return tensors.ToEquatableArray();
    }

    LockVariant ReadVariant(JsonObject variant, string path, LockContract contract)
    {
        var id = RequireString(variant, "id", path, out var idNode);
        if (!IsVariantId(id)) throw new LockFormatException($"{path}.id \"{id}\" must match [a-z0-9-]+", idNode.Span);

        var backend = RequireString(variant, "backend", path, out var backendNode);
        if (backend.Length == 0) throw new LockFormatException($"{path}.backend is empty", backendNode.Span);
        RequireDtype(variant, path);

        var entryPoint = RequireString(variant, "entryPoint", path, out var entryPointNode);
        if (!IsQualifiedTypeName(entryPoint))
            throw new LockFormatException($"{path}.entryPoint \"{entryPoint}\" is not a valid C# type name", entryPointNode.Span);

        var file = RequireString(variant, "file", path, out var fileNode);
        if (!CachePaths.IsSafeRelativePath(file))
            throw new LockFormatException($"{path}.file \"{file}\" must be a relative path with forward slashes inside the module folder", fileNode.Span);

        var selected = RequireBoolean(variant, "selected", path);
        var sha256 = RequireString(variant, "sha256", path, out var shaNode);
        if (!IsSha256Hex(sha256)) throw new LockFormatException($"{path}.sha256 must be 64 lowercase hexadecimal digits", shaNode.Span);

        var status = RequireString(variant, "status", path, out var statusNode);
        if (status is not ("verified" or "rejected"))
            throw new LockFormatException($"{path}.status \"{status}\" must be \"verified\" or \"rejected\"", statusNode.Span);

        // Evidence is free-form for the generator, but the contract requires every variant to carry it.
        foreach (var evidence in new[] { "benchmark", "provenance", "verification" }) RequireProperty(variant, evidence, path);

        var domain = ReadShapeDomain(AsObject(RequireProperty(variant, "shapeDomain", path), path + ".shapeDomain"), path + ".shapeDomain", contract);
        return new LockVariant(id, backend, entryPoint, file, fileNode.Span, selected, status == "verified", sha256, domain);
    }

    ShapeDomainModel ReadShapeDomain(JsonObject domain, string path, LockContract contract)
    {
        var symbolsNode = AsArray(RequireProperty(domain, "symbols", path), path + ".symbols");
        var symbols = new List<SymbolModel>();
        for (var i = 0; i < symbolsNode.Items.Count; i++)
        {
            var symbolPath = $"{path}.symbols[{i}]";
            var symbol = AsObject(symbolsNode.Items[i], symbolPath);
            var name = RequireString(symbol, "name", symbolPath, out var nameNode);
            if (name.Length == 0 || symbols.Any(s => s.Name == name))
                throw new LockFormatException($"{symbolPath}.name \"{name}\" must be a non-empty, unique name", nameNode.Span);
            var min = RequireInteger(symbol, "min", symbolPath, out _);
            var max = RequireInteger(symbol, "max", symbolPath, out _);
            if (min < 1 || min > max)
                throw new LockFormatException($"{symbolPath} needs 1 <= min <= max but has min {min} and max {max}", symbol.Span);
            symbols.Add(new SymbolModel(name, min, max));
        }

        var argumentsNode = AsArray(RequireProperty(domain, "arguments", path), path + ".arguments");
        var expectedArguments = contract.Inputs.Count + contract.State.Count;
        if (argumentsNode.Items.Count != expectedArguments)
        {
            throw new LockFormatException(
                $"{path}.arguments has {argumentsNode.Items.Count} shapes but the contract has {contract.Inputs.Count} inputs and {contract.State.Count} state tensors",
                argumentsNode.Span);
        }
        var arguments = new List<EquatableArray<DimModel>>();
        var boundSymbols = new HashSet<int>();
        for (var i = 0; i < argumentsNode.Items.Count; i++)
        {
            var shape = ReadShape(argumentsNode.Items[i], $"{path}.arguments[{i}]", symbols);
            foreach (var dim in shape)
            {
                if (!dim.IsFixed) boundSymbols.Add(dim.Symbol);
            }
            arguments.Add(shape);
        }

        var outputNode = RequireProperty(domain, "output", path);
        var output = ReadShape(outputNode, path + ".output", symbols);
        foreach (var dim in output)
        {
            if (!dim.IsFixed && !boundSymbols.Contains(dim.Symbol))
                throw new LockFormatException($"{path}.output uses symbol \"{symbols[dim.Symbol].Name}\", which no argument binds", outputNode.Span);
        }
        return new ShapeDomainModel(symbols.ToEquatableArray(), arguments.ToEquatableArray(), output);
    }

    static EquatableArray<DimModel> ReadShape(JsonNode node, string path, List<SymbolModel> symbols)
    {
        var dims = new List<DimModel>();
        foreach (var item in AsArray(node, path).Items)
        {
            switch (item)
            {
                case JsonString symbol:
                    var index = symbols.FindIndex(s => s.Name == symbol.Value);
                    if (index < 0) throw new LockFormatException($"{path} uses symbol \"{symbol.Value}\", which shapeDomain.symbols does not declare", item.Span);
                    dims.Add(DimModel.Of(index));
                    break;
                case JsonNumber number when number.TryGetInt64(out var size) && size >= 0:
                    dims.Add(DimModel.Fixed(size));
                    break;
                default:
                    throw new LockFormatException($"{path} must hold symbol names and non-negative integer sizes", item.Span);
            }
        }
        return dims.ToEquatableArray();
    }

    static TensorDtype RequireDtype(JsonObject owner, string path)
    {
        var name = RequireString(owner, "dtype", path, out var node);
        return TensorDtype.FromLockName(name)
            ?? throw new LockFormatException($"{path}.dtype \"{name}\" is not a dtype KernelGen knows (float32, float64, float16, int32, int64, int16, int8, uint8, bool)", node.Span);
    }

    static JsonNode RequireProperty(JsonObject owner, string name, string path) =>
        owner.Find(name)?.Value
        ?? throw new LockFormatException($"{path} has no \"{name}\"", new TextSpan(owner.Span.Start, 1));

    static string RequireString(JsonObject owner, string name, string path, out JsonNode node)
    {
        node = RequireProperty(owner, name, path);
        return node is JsonString text ? text.Value : throw WrongKind(node, $"{Member(path, name)} must be a string");
    }

    static long RequireInteger(JsonObject owner, string name, string path, out JsonNode node)
    {
        node = RequireProperty(owner, name, path);
        return node is JsonNumber number && number.TryGetInt64(out var value) ? value : throw WrongKind(node, $"{Member(path, name)} must be an integer");
    }

    static bool RequireBoolean(JsonObject owner, string name, string path)
    {
        var node = RequireProperty(owner, name, path);
        return node is JsonBoolean flag ? flag.Value : throw WrongKind(node, $"{Member(path, name)} must be true or false");
    }

    static JsonObject AsObject(JsonNode node, string path) => node as JsonObject ?? throw WrongKind(node, $"{path} must be an object");

    static JsonArray AsArray(JsonNode node, string path) => node as JsonArray ?? throw WrongKind(node, $"{path} must be an array");

    static LockFormatException WrongKind(JsonNode node, string expectation) => new($"{expectation}, not {node.KindDescription}", node.Span);

    static string Member(string path, string name) => path == "the document" ? name : path + "." + name;

    static bool IsSha256Hex(string value) => value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    static bool IsVariantId(string value) => value.Length > 0 && value.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');

    /// <summary>The entry point is written into generated code, so it must be nothing but dotted identifiers.</summary>
    static bool IsQualifiedTypeName(string value) =>
        value.Split('.').All(part => SyntaxFacts.IsValidIdentifier(part) && SyntaxFacts.GetKeywordKind(part) == SyntaxKind.None);

    /// <summary>Unwinds validation to <see cref="Read"/> with the first broken rule; never escapes this class.</summary>
    sealed class LockFormatException : Exception
    {
        public LockFormatException(string message, TextSpan span)
            : base(message) => Span = span;

        public TextSpan Span { get; }
    }
}
