using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;

namespace KernelGen.Engine.Generation;

/// <summary>
/// The <c>command</c> provider: runs an executable per request, writes the conversation
/// (<see cref="ConversationText.Render"/>) on its standard input and returns its standard output as the answer.
/// </summary>
public sealed class CommandChatClient : WholeAnswerChatClient
{
    // Enough of standard error to diagnose a failure without flooding a log.
    const int StandardErrorTailLength = 2000;

    static readonly Encoding Utf8WithoutBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    readonly CommandChatClientOptions options;
    readonly SecretRedactor redactor;

    /// <summary>Creates the client; nothing runs until a request arrives.</summary>
    public CommandChatClient(CommandChatClientOptions options) : base(MetadataOf(options))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.FileName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        this.options = options;
        // A failing child may print its environment on standard error, which ends up in exception messages.
        redactor = SecretRedactor.FromEnvironment(options.EnvironmentAdditions.Values);
    }

    static ChatClientMetadata MetadataOf(CommandChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ChatClientMetadata(options.ProviderName, providerUri: null, defaultModelId: options.ModelId);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string answer = await RunAsync(ConversationText.Render(messages), cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)) { ModelId = options.ModelId };
    }

    async Task<string> RunAsync(string prompt, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = CreateStartInfo() };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            throw Failure(ProviderFailure.StartFailed, $"could not start '{options.FileName}': {e.Message}", e);
        }

        Task<string> standardOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);
        Task standardInput = WriteInputAsync(process.StandardInput, prompt);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        string answer, errors;
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            // A grandchild can keep the pipes open after the child exits, so reading is bounded by the deadline too.
            answer = await standardOutput.WaitAsync(deadline.Token).ConfigureAwait(false);
            errors = await standardError.WaitAsync(deadline.Token).ConfigureAwait(false);
            await standardInput.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillProcessTreeAsync(process).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure(ProviderFailure.Timeout,
                $"'{options.FileName}' gave no answer within {options.Timeout}; its process tree was killed");
        }

        if (process.ExitCode != 0)
            throw Failure(ProviderFailure.NonZeroExit, $"'{options.FileName}' exited with code {process.ExitCode}{DescribeStandardError(errors)}");
        if (string.IsNullOrWhiteSpace(answer))
            throw Failure(ProviderFailure.EmptyAnswer, $"'{options.FileName}' exited with code 0 but wrote nothing on standard output");
        return answer;
    }

    ProcessStartInfo CreateStartInfo()
    {
        var startInfo = new ProcessStartInfo(options.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8WithoutBom,
            StandardOutputEncoding = Utf8WithoutBom,
            StandardErrorEncoding = Utf8WithoutBom,
            CreateNoWindow = true,
        };
        foreach (string argument in options.Arguments)
            startInfo.ArgumentList.Add(argument);
        if (options.WorkingDirectory is not null)
            startInfo.WorkingDirectory = options.WorkingDirectory;
        foreach ((string name, string value) in options.EnvironmentAdditions)
            startInfo.Environment[name] = value;
        return startInfo;
    }

    static async Task WriteInputAsync(StreamWriter input, string prompt)
    {
        try
        {
            await input.WriteAsync(prompt).ConfigureAwait(false);
            await input.FlushAsync().ConfigureAwait(false);
            input.Close();
        }
        catch (IOException)
        {
            // The child exited (or was killed) without reading all of its input; its exit code tells the story.
        }
    }

    static async Task KillProcessTreeAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own between the deadline and the kill.
        }
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    string DescribeStandardError(string errors)
    {
        // Redact before cutting, so that a secret split by the cut cannot leak its second half.
        string redacted = redactor.Redact(errors.Trim());
        if (redacted.Length == 0)
            return "";
        string tail = redacted.Length <= StandardErrorTailLength ? redacted : "…" + redacted[^StandardErrorTailLength..];
        return "; standard error: " + tail;
    }

    ProviderException Failure(ProviderFailure failure, string reason, Exception? innerException = null) =>
        new(options.ProviderName, failure, reason, innerException);
}
