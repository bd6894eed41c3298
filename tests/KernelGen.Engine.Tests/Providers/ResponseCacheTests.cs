using KernelGen.Engine.Generation;
using KernelGen.Engine.Providers;
using KernelGen.Engine.Tests.Generation;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Tests.Providers;

public sealed class ResponseCacheTests
{
    [Fact(Timeout = 60_000)]
    public async Task Identical_requests_are_answered_from_disk_across_runs_while_each_conversation_keeps_its_own_answer()
    {
        using var directory = new TemporaryDirectory();
        await using var server = new LoopbackServer(Replies.OpenAI("answer for conversation 0"), Replies.OpenAI("answer for conversation 1"));
        var model = LoopbackModels.OpenAI(server, stream: true) with { ResponseCache = true };
        ChatMessage[] prompt = [new(ChatRole.User, "Write the kernel.")];
        async Task<string> AskAsync(IChatClient client, int conversation) =>
            (await client.GetStreamingResponseAsync(prompt, new ChatOptions().ForModule("Demo.M", conversation)).ToChatResponseAsync()).Text;

        using (var firstRun = new ProviderClientFactory(responseCacheRoot: directory.Path).Create(model, recordTo: null))
        {
            Assert.Equal("answer for conversation 0", await AskAsync(firstRun, 0));
            Assert.Equal("answer for conversation 0", await AskAsync(firstRun, 0));
            Assert.Equal("answer for conversation 1", await AskAsync(firstRun, 1));
        }
        using (var secondRun = new ProviderClientFactory(responseCacheRoot: directory.Path).Create(model, recordTo: null))
            Assert.Equal("answer for conversation 0", await AskAsync(secondRun, 0));

        Assert.Equal(2, server.Requests.Count);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(directory.Path, model.Name)));
    }
}
