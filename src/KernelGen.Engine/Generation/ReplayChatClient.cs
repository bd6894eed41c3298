using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Generation;

/// <summary>How <see cref="ReplayChatClient"/> finds the recorded answer to a request.</summary>
public enum ReplayMatchMode
{
    /// <summary>
    /// By <see cref="ConversationText.Sha256"/> of the request. The n-th identical request gets the n-th answer
    /// recorded for it; asked more often than recorded (a retry), it gets the last one, since replay has nothing newer.
    /// </summary>
    RequestHash,

    /// <summary>
    /// By position: the n-th request tagged with a module and conversation (<see cref="ModuleChatOptions"/>) gets that
    /// conversation's turn n, whatever its text. For runs whose prompts are not byte-for-byte reproducible (feedback
    /// carries measured times), and for swarms whose conversations interleave differently on every run.
    /// </summary>
    TurnIndex,
}

/// <summary>
/// The <c>replay</c> provider: answers from a transcript written by <see cref="TranscriptRecorder"/>, with no
/// network and no randomness. A request the transcript cannot answer is a <see cref="ProviderException"/>.
/// </summary>
public sealed class ReplayChatClient : WholeAnswerChatClient
{
    /// <summary>The provider name in metadata and errors.</summary>
    public const string ProviderName = "replay";

    /// <summary>The response's additional property that names the provider that originally answered.</summary>
    public const string RecordedProviderProperty = "kernelgen.recordedProvider";

    /// <summary>The response's additional property that says who wrote the answer (<see cref="Transcript.Origin"/>).</summary>
    public const string RecordedOriginProperty = "kernelgen.recordedOrigin";

    readonly string transcriptPath;
    readonly ReplayMatchMode mode;
    readonly IReadOnlyList<TranscriptExchange> exchanges;
    readonly Transcript transcript;
    readonly Lock gate = new();
    // Requests answered so far, per request hash (RequestHash) or per module (TurnIndex).
    readonly Dictionary<string, int> requestsAnswered = new(StringComparer.Ordinal);

    /// <summary>Loads <paramref name="transcriptPath"/>; an unreadable transcript fails here, not at the first request.</summary>
    public ReplayChatClient(string transcriptPath, ReplayMatchMode mode = ReplayMatchMode.RequestHash) : base(new ChatClientMetadata(ProviderName))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transcriptPath);
        this.transcriptPath = transcriptPath;
        this.mode = mode;
        transcript = Transcript.Load(transcriptPath);
        exchanges = transcript.Exchanges;
    }

    /// <summary>The configured name of the model that recorded the transcript, if it says.</summary>
    public string? RecordedModelName => transcript.ModelName;

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        TranscriptExchange exchange = mode == ReplayMatchMode.TurnIndex
            ? FindByTurn(options.GetModule(), options.GetConversation())
            : FindByHash(ConversationText.Sha256(messages));
        var properties = new AdditionalPropertiesDictionary();
        if (transcript.Provider is not null)
            properties[RecordedProviderProperty] = transcript.Provider;
        if (transcript.Origin is not null)
            properties[RecordedOriginProperty] = transcript.Origin;
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, exchange.Response))
        {
            ModelId = exchange.Model,
            AdditionalProperties = properties.Count > 0 ? properties : null,
        });
    }

    TranscriptExchange FindByTurn(string? module, int conversation)
    {
        int turn = NextOccurrence($"{module}\0{conversation}");
        return exchanges.FirstOrDefault(e => e.Module == module && e.Conversation == conversation && e.Turn == turn)
            ?? throw Unknown(conversation == 0 ? $"module '{module ?? "(none)"}' turn {turn}" : $"module '{module ?? "(none)"}' conversation {conversation} turn {turn}");
    }

    TranscriptExchange FindByHash(string requestSha256)
    {
        TranscriptExchange[] recorded = exchanges.Where(e => e.RequestSha256 == requestSha256).ToArray();
        if (recorded.Length == 0)
            throw Unknown($"request {requestSha256}");
        return recorded[Math.Min(NextOccurrence(requestSha256), recorded.Length - 1)];
    }

    int NextOccurrence(string key)
    {
        lock (gate)
        {
            int occurrence = requestsAnswered.GetValueOrDefault(key);
            requestsAnswered[key] = occurrence + 1;
            return occurrence;
        }
    }

    ProviderException Unknown(string request) =>
        new(ProviderName, ProviderFailure.UnknownRequest, $"transcript '{transcriptPath}' has no answer for {request}");
}
