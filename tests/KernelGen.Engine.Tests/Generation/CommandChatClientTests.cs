using System.Diagnostics;
using KernelGen.Engine.Generation;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Tests.Generation;

public sealed class CommandChatClientTests
{
    static readonly ChatMessage[] Question = [new(ChatRole.System, "You write kernels."), new(ChatRole.User, "Write one: µs ✓")];

    static CommandChatClient Shell(string script, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null, params string[] scriptArguments) =>
        new(new CommandChatClientOptions
        {
            FileName = "/bin/sh",
            Arguments = ["-c", script, "sh", .. scriptArguments],
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            EnvironmentAdditions = environment ?? new Dictionary<string, string>(),
            ModelId = "fake-model",
        });

    [Fact]
    public async Task Answer_is_standard_output_and_model_is_the_configured_one()
    {
        using var client = Shell("cat >/dev/null; printf 'hello %s' \"$KG_GREETING\"",
            environment: new Dictionary<string, string> { ["KG_GREETING"] = "world" });

        ChatResponse response = await client.GetResponseAsync(Question);

        Assert.Equal("hello world", response.Text);
        Assert.Equal("fake-model", response.ModelId);
        Assert.Equal(ChatRole.Assistant, response.Messages.Single().Role);
    }

    [Fact]
    public async Task Standard_input_is_the_rendered_conversation_in_utf8()
    {
        using var client = Shell("cat");

        ChatResponse response = await client.GetResponseAsync(Question);

        Assert.Equal("=== system ===\nYou write kernels.\n\n=== user ===\nWrite one: µs ✓\n\n", response.Text);
    }

    [Fact]
    public async Task Working_directory_is_the_configured_one()
    {
        using var directory = new TemporaryDirectory();
        using var client = new CommandChatClient(new CommandChatClientOptions
        {
            FileName = "/bin/sh",
            Arguments = ["-c", "cat >/dev/null; pwd"],
            WorkingDirectory = directory.Path,
        });

        ChatResponse response = await client.GetResponseAsync(Question);

        Assert.Equal(directory.Path, response.Text.Trim());
    }

    [Fact]
    public async Task Non_zero_exit_is_a_provider_exception_with_the_code_and_standard_error_but_no_environment_values()
    {
        const string secret = "s3cr3t-value-that-must-not-leak";
        using var client = Shell("cat >/dev/null; echo \"boom $KG_PROVIDER_SETTING\" >&2; exit 3",
            environment: new Dictionary<string, string> { ["KG_PROVIDER_SETTING"] = secret });

        var exception = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Question));

        Assert.Equal(ProviderFailure.NonZeroExit, exception.Failure);
        Assert.Equal("command", exception.Provider);
        Assert.Contains("exited with code 3", exception.Message);
        Assert.Contains("boom [REDACTED]", exception.Message);
        Assert.DoesNotContain(secret, exception.Message);
    }

    [Fact]
    public async Task A_child_that_exits_without_reading_a_large_prompt_is_reported_by_its_exit_code()
    {
        using var client = Shell("exit 4");

        var exception = await Assert.ThrowsAsync<ProviderException>(
            () => client.GetResponseAsync([new ChatMessage(ChatRole.User, new string('x', 4 * 1024 * 1024))]));

        Assert.Equal(ProviderFailure.NonZeroExit, exception.Failure);
        Assert.Contains("exited with code 4", exception.Message);
    }

    [Fact]
    public async Task Whitespace_only_output_is_an_empty_answer()
    {
        using var client = Shell("cat >/dev/null; printf '  \\n'");

        var exception = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Question));

        Assert.Equal(ProviderFailure.EmptyAnswer, exception.Failure);
    }

    [Fact]
    public async Task A_missing_executable_is_a_start_failure()
    {
        using var client = new CommandChatClient(new CommandChatClientOptions { FileName = "/nonexistent/kernelgen-provider" });

        var exception = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Question));

        Assert.Equal(ProviderFailure.StartFailed, exception.Failure);
    }

    [Fact]
    public async Task Timeout_kills_the_whole_process_tree()
    {
        using var directory = new TemporaryDirectory();
        string pidFile = directory.File("grandchild.pid");
        // The background sleep is a grandchild that holds standard output open: killing only the shell would
        // leave it running and the answer's pipe open.
        using var client = Shell("sleep 60 & echo $! > \"$1\"; wait", TimeSpan.FromMilliseconds(500), scriptArguments: pidFile);
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Question));

        Assert.Equal(ProviderFailure.Timeout, exception.Failure);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.True(await ProcessEndsAsync(int.Parse(File.ReadAllText(pidFile).Trim())), "the grandchild survived the timeout");
    }

    [Fact]
    public async Task Cancellation_kills_the_process_tree_and_throws_operation_canceled()
    {
        using var directory = new TemporaryDirectory();
        string pidFile = directory.File("grandchild.pid");
        using var client = Shell("sleep 60 & echo $! > \"$1\"; wait", TimeSpan.FromMinutes(5), scriptArguments: pidFile);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Question, cancellationToken: cancellation.Token));

        Assert.True(await ProcessEndsAsync(int.Parse(File.ReadAllText(pidFile).Trim())), "the grandchild survived cancellation");
    }

    [Fact]
    public async Task Streaming_returns_the_whole_answer_as_one_update()
    {
        using var client = Shell("cat >/dev/null; printf 'line one\\nline two'");

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Question))
            updates.Add(update);

        Assert.Equal("line one\nline two", Assert.Single(updates).Text);
    }

    [Fact]
    public void Metadata_names_the_provider_and_model()
    {
        using var client = Shell("cat");

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("command", metadata?.ProviderName);
        Assert.Equal("fake-model", metadata?.DefaultModelId);
    }

    // A killed process may linger as a zombie until its new parent reaps it; a zombie runs no code.
    static async Task<bool> ProcessEndsAsync(int pid)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(50))
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                return true;
            }
            if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
                return true;
        }
        return false;
    }
}
