using System.Runtime.CompilerServices;
using KernelGen.Engine.Generation;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Providers;

/// <summary>
/// Middleware that bounds a request: the whole answer within <c>requestTimeout</c>, and for a streamed answer no gap longer
/// than <c>idleTimeout</c> between two chunks. A server that accepts the connection and then goes quiet cannot hang a build.
/// Running out of time is a <see cref="ProviderException"/> of kind <see cref="ProviderFailure.Timeout"/> (which
/// <see cref="RetryingChatClient"/> may retry); the caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class TimeoutChatClient : DelegatingChatClient
{
    readonly string modelName;
    readonly TimeSpan requestTimeout;
    readonly TimeSpan idleTimeout;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    public TimeoutChatClient(IChatClient innerClient, string modelName, TimeSpan requestTimeout, TimeSpan idleTimeout) : base(innerClient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(requestTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);
        this.modelName = modelName;
        this.requestTimeout = requestTimeout;
        this.idleTimeout = idleTimeout;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(requestTimeout);
        try
        {
            return await base.GetResponseAsync(messages, options, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is not ProviderException)
        {
            // SDKs report a cancelled request in several ways (OperationCanceledException, IOException, their own types).
            throw new ProviderException(modelName, ProviderFailure.Timeout, $"no answer within {requestTimeout.TotalSeconds:0.###} s", e);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        DateTimeOffset end = DateTimeOffset.UtcNow + requestTimeout;
        await using IAsyncEnumerator<ChatResponseUpdate> updates =
            base.GetStreamingResponseAsync(messages, options, deadline.Token).GetAsyncEnumerator(deadline.Token);
        while (true)
        {
            TimeSpan left = end - DateTimeOffset.UtcNow;
            bool idleBound = idleTimeout < left;
            deadline.CancelAfter(idleBound ? idleTimeout : left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1));
            bool more;
            try
            {
                more = await updates.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is not ProviderException)
            {
                string reason = idleBound
                    ? $"the stream sent nothing for {idleTimeout.TotalSeconds:0.###} s"
                    : $"no complete answer within {requestTimeout.TotalSeconds:0.###} s";
                throw new ProviderException(modelName, ProviderFailure.Timeout, reason, e);
            }
            if (!more)
                yield break;
            yield return updates.Current;
        }
    }
}
