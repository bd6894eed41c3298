using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Tests.Generation;

/// <summary>Answers with the given texts in order, as model "scripted-model".</summary>
sealed class ScriptedChatClient(params string[] answers) : IChatClient
{
    int next;

    /// <summary>The text of the last message of each request, in order.</summary>
    public List<string> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.Last().Text);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answers[next++])) { ModelId = "scripted-model" });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
        // Two updates, so that recording must put a streamed answer back together.
        string text = response.Text;
        yield return new ChatResponseUpdate(ChatRole.Assistant, text[..(text.Length / 2)]) { ModelId = response.ModelId };
        yield return new ChatResponseUpdate(ChatRole.Assistant, text[(text.Length / 2)..]) { ModelId = response.ModelId };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
