using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Generation;

/// <summary>
/// Base of the providers whose answer exists only as a whole (a child process's output, a recorded answer):
/// streaming yields it as one update, and the provider's metadata is served through <see cref="GetService"/>.
/// </summary>
public abstract class WholeAnswerChatClient(ChatClientMetadata metadata) : IChatClient
{
    /// <inheritdoc />
    public abstract Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Streams the whole answer as one update.</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
            yield return update;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(ChatClientMetadata))
            return metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Nothing to release: each answer's resources end with its request.</summary>
    public void Dispose() => GC.SuppressFinalize(this);
}
