using KernelGen.Engine.Generation;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Tests.Generation;

public sealed class TranscriptReplayTests
{
    static ChatMessage[] Conversation(params string[] userTexts) =>
        [new(ChatRole.System, "You write kernels."), .. userTexts.Select(text => new ChatMessage(ChatRole.User, text))];

    [Fact]
    public async Task Recording_a_command_provider_then_replaying_by_request_hash_gives_the_same_answers()
    {
        using var directory = new TemporaryDirectory();
        string transcript = directory.File("run.transcript.json");
        ChatMessage[][] requests = [Conversation("first kernel"), Conversation("second kernel"), Conversation("first kernel", "now faster")];
        var recorded = new List<ChatResponse>();
        using (var command = new CommandChatClient(new CommandChatClientOptions { FileName = "/bin/sh", Arguments = ["-c", "tr a-z A-Z"], ModelId = "upper-1" }))
        using (var recorder = new TranscriptRecorder(command, transcript))
        {
            foreach (ChatMessage[] request in requests)
                recorded.Add(await recorder.GetResponseAsync(request));
        }

        using var replay = new ReplayChatClient(transcript);
        foreach ((ChatMessage[] request, ChatResponse original) in requests.Zip(recorded).Reverse())
        {
            ChatResponse replayed = await replay.GetResponseAsync(request);
            Assert.Equal(original.Text, replayed.Text);
            Assert.Equal("upper-1", replayed.ModelId);
        }
        Assert.Contains("SECOND KERNEL", recorded[1].Text);
    }

    [Fact]
    public async Task Replaying_by_turn_index_answers_each_module_in_its_own_order_whatever_the_text()
    {
        using var directory = new TemporaryDirectory();
        string transcript = directory.File("run.transcript.json");
        using (var recorder = new TranscriptRecorder(new ScriptedChatClient("a0", "b0", "a1"), transcript))
        {
            await recorder.GetResponseAsync(Conversation("A, turn 0"), new ChatOptions().ForModule("Demo.A"));
            await recorder.GetResponseAsync(Conversation("B, turn 0"), new ChatOptions().ForModule("Demo.B"));
            await recorder.GetResponseAsync(Conversation("A, turn 1"), new ChatOptions().ForModule("Demo.A"));
        }

        using var replay = new ReplayChatClient(transcript, ReplayMatchMode.TurnIndex);

        Assert.Equal("b0", (await replay.GetResponseAsync(Conversation("reworded"), new ChatOptions().ForModule("Demo.B"))).Text);
        Assert.Equal("a0", (await replay.GetResponseAsync(Conversation("reworded"), new ChatOptions().ForModule("Demo.A"))).Text);
        Assert.Equal("a1", (await replay.GetResponseAsync(Conversation("reworded again"), new ChatOptions().ForModule("Demo.A"))).Text);
        var exhausted = await Assert.ThrowsAsync<ProviderException>(
            () => replay.GetResponseAsync(Conversation("one more"), new ChatOptions().ForModule("Demo.A")));
        Assert.Contains("module 'Demo.A' turn 2", exhausted.Message);
    }

    [Fact]
    public async Task Identical_requests_replay_their_answers_in_recorded_order_then_the_last_one()
    {
        using var directory = new TemporaryDirectory();
        string transcript = directory.File("run.transcript.json");
        using (var recorder = new TranscriptRecorder(new ScriptedChatClient("first", "second"), transcript))
        {
            await recorder.GetResponseAsync(Conversation("same"));
            await recorder.GetResponseAsync(Conversation("same"));
        }

        using var replay = new ReplayChatClient(transcript);

        Assert.Equal("first", (await replay.GetResponseAsync(Conversation("same"))).Text);
        Assert.Equal("second", (await replay.GetResponseAsync(Conversation("same"))).Text);
        Assert.Equal("second", (await replay.GetResponseAsync(Conversation("same"))).Text);
    }

    [Fact]
    public async Task Streamed_answers_are_recorded_whole_and_replay_as_one_update()
    {
        using var directory = new TemporaryDirectory();
        string transcript = directory.File("run.transcript.json");
        using (var recorder = new TranscriptRecorder(new ScriptedChatClient("streamed answer"), transcript))
        {
            await foreach (ChatResponseUpdate _ in recorder.GetStreamingResponseAsync(Conversation("stream it")))
            {
            }
        }

        using var replay = new ReplayChatClient(transcript);
        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in replay.GetStreamingResponseAsync(Conversation("stream it")))
            updates.Add(update);

        Assert.Equal("streamed answer", Assert.Single(updates).Text);
        Assert.Equal("scripted-model", updates[0].ModelId);
    }

    [Fact]
    public async Task An_unknown_request_is_a_provider_exception_that_names_the_transcript()
    {
        using var directory = new TemporaryDirectory();
        string transcript = directory.File("run.transcript.json");
        using (var recorder = new TranscriptRecorder(new ScriptedChatClient("known"), transcript))
            await recorder.GetResponseAsync(Conversation("known request"));

        using var replay = new ReplayChatClient(transcript);
        var exception = await Assert.ThrowsAsync<ProviderException>(() => replay.GetResponseAsync(Conversation("never asked")));

        Assert.Equal(ProviderFailure.UnknownRequest, exception.Failure);
        Assert.Equal("replay", exception.Provider);
        Assert.Contains(transcript, exception.Message);
    }

    [Fact]
    public void A_missing_or_malformed_transcript_fails_at_construction_naming_the_file()
    {
        using var directory = new TemporaryDirectory();
        string missing = directory.File("missing.json");
        string malformed = directory.File("malformed.json");
        File.WriteAllText(malformed, "{ \"schemaVersion\": 1, \"exchanges\": [ { \"turn\": ");

        var missingException = Assert.Throws<ProviderException>(() => new ReplayChatClient(missing));
        var malformedException = Assert.Throws<ProviderException>(() => new ReplayChatClient(malformed));

        Assert.Equal(ProviderFailure.TranscriptUnreadable, missingException.Failure);
        Assert.Contains(missing, missingException.Message);
        Assert.Equal(ProviderFailure.TranscriptUnreadable, malformedException.Failure);
        Assert.Contains(malformed, malformedException.Message);
    }

    [Fact]
    public async Task Transcript_records_request_response_model_turn_and_timing()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("run.transcript.json");
        using (var recorder = new TranscriptRecorder(new ScriptedChatClient("answer"), path))
            await recorder.GetResponseAsync(Conversation("question"), new ChatOptions().ForModule("Demo.A"));

        TranscriptExchange exchange = Assert.Single(Transcript.Load(path).Exchanges);

        Assert.Equal("Demo.A", exchange.Module);
        Assert.Equal(0, exchange.Turn);
        Assert.Equal(ConversationText.Sha256(Conversation("question")), exchange.RequestSha256);
        Assert.Equal([new TranscriptMessage("system", "You write kernels."), new TranscriptMessage("user", "question")], exchange.Request);
        Assert.Equal("answer", exchange.Response);
        Assert.Equal("scripted-model", exchange.Model);
        Assert.True(exchange.ElapsedMilliseconds >= 0);
        Assert.DoesNotContain("\r", File.ReadAllText(path));
    }

    [Fact]
    public async Task Secrets_from_the_environment_the_prompt_and_the_answer_never_reach_the_transcript()
    {
        const string environmentToken = "tok-9f8e7d6c5b4a-not-a-real-token";
        const string apiKey = "sk-ant-" + "api03-FAKEfakeFAKEfake0123456789abcdef"; // split so secret scanners do not flag a fake key
        const string bearer = "eyJhbGciOiJIUzI1NiJ9.fake.bearer";
        const string variable = "KG_TEST_REDACTION_SERVICE_TOKEN";
        using var directory = new TemporaryDirectory();
        string transcript = directory.File("run.transcript.json");
        Environment.SetEnvironmentVariable(variable, environmentToken);
        try
        {
            // The child echoes the prompt and the token from its inherited environment, so the secrets are in
            // the request and in the answer.
            using var command = new CommandChatClient(new CommandChatClientOptions
            {
                FileName = "/bin/sh",
                Arguments = ["-c", $"cat; printf 'token=%s' \"${variable}\""],
            });
            using var recorder = new TranscriptRecorder(command, transcript);
            ChatResponse response = await recorder.GetResponseAsync(
                [new ChatMessage(ChatRole.User, $"use key {apiKey}, header 'Authorization: Bearer {bearer}', token {environmentToken}")]);
            Assert.Contains(environmentToken, response.Text);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        string written = File.ReadAllText(transcript);
        Assert.DoesNotContain(environmentToken, written);
        Assert.DoesNotContain(apiKey, written);
        Assert.DoesNotContain(bearer, written);
        Assert.Contains("Bearer [REDACTED]", written);
        Assert.Contains("token=[REDACTED]", written);
    }
}
