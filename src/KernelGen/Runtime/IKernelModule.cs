namespace KernelGen.Runtime;

/// <summary>Implemented by the generated part of every annotated module.</summary>
public interface IKernelModule
{
    /// <summary>The module type's dispatcher.</summary>
    static abstract IKernelModuleInfo KernelInfo { get; }
}

/// <summary>Access to annotated modules' dispatchers without reflection.</summary>
public static class KernelModules
{
    /// <summary>What <typeparamref name="TModule"/> has baked in and what its dispatcher has done.</summary>
    public static IKernelModuleInfo Info<TModule>() where TModule : IKernelModule => TModule.KernelInfo;
}
