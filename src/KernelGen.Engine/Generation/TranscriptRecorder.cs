using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Generation;

/// <summary>
/// Middleware that records every successful exchange of the client it wraps into a transcript file that
/// <see cref="ReplayChatClient"/> can answer from. Requests, answers and model names are redacted before they
/// are written; the file is rewritten atomically after each exchange, so a crash leaves a valid transcript.
/// A recorder owns its file: a new recording replaces an old one.
/// </summary>
public sealed class TranscriptRecorder : DelegatingChatClient
{
    readonly string transcriptPath;
    readonly SecretRedactor redactor;
    readonly Lock gate = new();
    readonly List<TranscriptExchange> exchanges = [];
    readonly string? modelName;
    readonly string? provider;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client whose exchanges are recorded.</param>
    /// <param name="transcriptPath">The transcript file to write.</param>
    /// <param name="redactor">What to redact; by default <see cref="SecretRedactor.FromEnvironment"/>.</param>
    /// <param name="modelName">The configured model name, written as <see cref="Transcript.ModelName"/>.</param>
    /// <param name="provider">The provider's name, written as <see cref="Transcript.Provider"/>.</param>
    public TranscriptRecorder(IChatClient innerClient, string transcriptPath, SecretRedactor? redactor = null, string? modelName = null, string? provider = null)
        : base(innerClient)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transcriptPath);
        this.transcriptPath = transcriptPath;
        this.redactor = redactor ?? SecretRedactor.FromEnvironment();
        this.modelName = modelName;
        this.provider = provider;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatMessage[] request = [.. messages];
        long started = Stopwatch.GetTimestamp();
        ChatResponse response = await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
        Record(request, options, response, Stopwatch.GetElapsedTime(started));
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatMessage[] request = [.. messages];
        long started = Stopwatch.GetTimestamp();
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(request, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }
        Record(request, options, updates.ToChatResponse(), Stopwatch.GetElapsedTime(started));
    }

    void Record(ChatMessage[] request, ChatOptions? options, ChatResponse response, TimeSpan elapsed)
    {
        string? module = options.GetModule();
        int conversation = options.GetConversation();
        string requestSha256 = ConversationText.Sha256(request);
        TranscriptMessage[] redactedRequest = [.. request.Select(m => new TranscriptMessage(m.Role.Value, redactor.Redact(m.Text)))];
        string? model = response.ModelId is null ? null : redactor.Redact(response.ModelId);
        lock (gate)
        {
            // Turns count successful exchanges, like replay counts requests: a failed attempt that the engine
            // retried was never answered, so it must not shift the numbering.
            int turn = exchanges.Count(e => e.Module == module && e.Conversation == conversation);
            exchanges.Add(new TranscriptExchange(module, turn, requestSha256, redactedRequest,
                redactor.Redact(response.Text), model, elapsed.TotalMilliseconds) { Conversation = conversation });
            new Transcript(Transcript.CurrentSchemaVersion, [.. exchanges]) { ModelName = modelName, Provider = provider }.Save(transcriptPath);
        }
    }
}
