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

    /// <summary>The additional-property key that holds the conversation's index among the module's conversations with one model.</summary>
    public const string ConversationPropertyName = "kernelgen.conversation";

    /// <summary>
    /// Returns <paramref name="options"/> (or new options) tagged with <paramref name="module"/> and the index of the
    /// <paramref name="conversation"/> (a model may hold several conversations about one module at once).
    /// </summary>
    public static ChatOptions ForModule(this ChatOptions? options, string module, int conversation = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        ArgumentOutOfRangeException.ThrowIfNegative(conversation);
        options ??= new ChatOptions();
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[PropertyName] = module;
        options.AdditionalProperties[ConversationPropertyName] = conversation;
        return options;
    }

    /// <summary>The conversation index a request is tagged with; 0 when untagged.</summary>
    public static int GetConversation(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(ConversationPropertyName, out object? value) == true && value is int conversation ? conversation : 0;

    /// <summary>The module a request is tagged with, or <see langword="null"/>.</summary>
    public static string? GetModule(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PropertyName, out object? value) == true ? value as string : null;
}
