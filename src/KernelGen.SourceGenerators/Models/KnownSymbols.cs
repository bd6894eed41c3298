using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace KernelGen.SourceGenerators.Models;

/// <summary>The TorchSharp and KernelGen types the module rules refer to, looked up once per parse.</summary>
internal sealed class KnownSymbols
{
    KnownSymbols(INamedTypeSymbol tensor, INamedTypeSymbol module, ImmutableArray<INamedTypeSymbol> tensorModules, INamedTypeSymbol? kernelReference)
    {
        Tensor = tensor;
        Module = module;
        TensorModules = tensorModules;
        KernelReference = kernelReference;
    }

    /// <summary>TorchSharp.torch.Tensor.</summary>
    public INamedTypeSymbol Tensor { get; }

    /// <summary>TorchSharp.torch.nn.Module, the base of every module.</summary>
    public INamedTypeSymbol Module { get; }

    /// <summary>TorchSharp.torch.nn.Module`2 .. `4: one to three inputs and a result.</summary>
    public ImmutableArray<INamedTypeSymbol> TensorModules { get; }

    public INamedTypeSymbol? KernelReference { get; }

    /// <summary>The symbols, or null when the compilation does not reference TorchSharp.</summary>
    public static KnownSymbols? From(Compilation compilation)
    {
        var tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
        var module = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module");
        var modules = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        for (var arity = 2; arity <= 4; arity++)
        {
            if (compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module`" + arity) is { } generic) modules.Add(generic);
        }
        if (tensor is null || module is null || modules.Count == 0) return null;
        return new KnownSymbols(tensor, module, modules.ToImmutable(), compilation.GetTypeByMetadataName("KernelGen.KernelReferenceAttribute"));
    }

    public bool IsTensor(ITypeSymbol type) => SymbolEqualityComparer.Default.Equals(type, Tensor);

    /// <summary>
    /// True for what kernels receive or what holds it: tensors (parameters included) and submodules.
    /// Any other instance member is configuration a kernel cannot see.
    /// </summary>
    public bool IsVisibleToKernels(ITypeSymbol type) => DerivesFrom(type, Tensor) || DerivesFrom(type, Module);

    /// <summary>
    /// The number of tensor inputs when <paramref name="type"/> derives from Module&lt;Tensor, ..., Tensor&gt;,
    /// otherwise null.
    /// </summary>
    public int? TensorInputCount(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (!TensorModules.Contains(current.OriginalDefinition, SymbolEqualityComparer.Default)) continue;
            foreach (var argument in current.TypeArguments)
            {
                if (!IsTensor(argument)) return null;
            }
            return current.TypeArguments.Length - 1;
        }
        return null;
    }

    static bool DerivesFrom(ITypeSymbol type, INamedTypeSymbol baseType)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType)) return true;
        }
        return false;
    }
}
