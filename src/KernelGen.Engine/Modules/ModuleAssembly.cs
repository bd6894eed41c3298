using System.Reflection;
using System.Runtime.Loader;

namespace KernelGen.Engine.Modules;

/// <summary>Loads a user's built assembly into the default context, resolving its dependencies from its own folder.</summary>
public static class ModuleAssembly
{
    public static Assembly Load(string assemblyPath)
    {
        var fullPath = Path.GetFullPath(assemblyPath);
        if (!File.Exists(fullPath)) throw new FileNotFoundException($"assembly not found: {fullPath}", fullPath);
        var folder = Path.GetDirectoryName(fullPath)!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }

    /// <summary>The types of <paramref name="assembly"/> that the generator marked with <see cref="KernelModuleAttribute"/>.</summary>
    public static IReadOnlyList<Type> FindModuleTypes(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = [.. e.Types.OfType<Type>()];
        }
        return [.. types.Where(t => t.GetCustomAttribute<KernelModuleAttribute>() is not null).OrderBy(t => t.FullName, StringComparer.Ordinal)];
    }
}
