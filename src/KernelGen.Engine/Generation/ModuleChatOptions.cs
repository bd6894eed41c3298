using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Generation;

/// <summary>
/// Tags a request with the module it is about, through <see cref="ChatOptions.AdditionalProperties"/>, so that
/// transcripts can number turns per module and replay can answer turn <c>n</c> of a module.
/// </summary>
public static class ModuleChatOptions
{
    /// <summary>The additional-property key that holds the module's full name.</summary>
    public const string PropertyName = "kernelgen.module";

    /// <summary>Returns <paramref name="options"/> (or new options) tagged with <paramref name="module"/>.</summary>
    public static ChatOptions ForModule(this ChatOptions? options, string module)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        options ??= new ChatOptions();
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[PropertyName] = module;
        return options;
    }

    /// <summary>The module a request is tagged with, or <see langword="null"/>.</summary>
    public static string? GetModule(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PropertyName, out object? value) == true ? value as string : null;
}
