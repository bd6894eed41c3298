using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace KernelGen.Engine.Tests.Providers;

/// <summary>
/// Scripted answers in the providers' wire formats: OpenAI chat completions, Anthropic messages and Ollama's /api/chat,
/// each as one JSON response or as a stream (SSE, or NDJSON for Ollama) depending on what the request asked for.
/// </summary>
static class Replies
{
    public const string OpenAIModel = "gpt-loopback";
    public const string AnthropicModel = "claude-loopback";
    public const int PromptTokens = 120;
    public const int CompletionTokens = 80;

    public static Reply OpenAI(string text) => (context, request, _) => request.Streaming
        ? WriteEventsAsync(context, OpenAIChunks(text).Select(chunk => ((string?)null, chunk)).Append((null, "[DONE]")))
        : WriteJsonAsync(context, 200, OpenAICompletion(text));

    public static Reply Anthropic(string text) => (context, request, _) => request.Streaming
        ? WriteEventsAsync(context, AnthropicEvents(text))
        : WriteJsonAsync(context, 200, AnthropicMessage(text));

    public static Reply Ollama(string text) => async (context, request, _) =>
    {
        JsonObject Chunk(string content, bool done)
        {
            var chunk = new JsonObject
            {
                ["model"] = "llama-loopback",
                ["created_at"] = "2026-11-26T00:00:00Z",
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["done"] = done,
            };
            if (done)
            {
                chunk["done_reason"] = "stop";
                chunk["prompt_eval_count"] = PromptTokens;
                chunk["eval_count"] = CompletionTokens;
            }
            return chunk;
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = request.Streaming ? "application/x-ndjson" : "application/json";
        if (!request.Streaming)
        {
            await WriteAsync(context, Chunk(text, true).ToJsonString());
            return;
        }
        context.Response.SendChunked = true;
        foreach (var piece in Split(text, 3))
            await WriteAsync(context, Chunk(piece, false).ToJsonString() + "\n");
        await WriteAsync(context, Chunk("", true).ToJsonString() + "\n");
    };

    /// <summary>An error status with a JSON error body and, optionally, a Retry-After header (seconds).</summary>
    public static Reply Status(int status, string message, int? retryAfterSeconds = null) => (context, _, _) =>
    {
        if (retryAfterSeconds is { } seconds)
            context.Response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var error = new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = status == 429 ? "rate_limit_error" : "api_error", ["message"] = message, ["code"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        return WriteJsonAsync(context, status, error);
    };

    /// <summary>Waits (until the server stops) before <paramref name="then"/>: an answer slower than any sane timeout.</summary>
    public static Reply After(TimeSpan delay, Reply then) => async (context, request, stopping) =>
    {
        await Task.Delay(delay, stopping);
        await then(context, request, stopping);
    };

    /// <summary>Starts a stream, sends one event, then goes quiet: the stalled server an idle timeout must catch.</summary>
    public static Reply StallingOpenAIStream(string text) => async (context, _, stopping) =>
    {
        StartEvents(context);
        await WriteEventAsync(context, null, OpenAIChunks(text).First());
        await Task.Delay(Timeout.Infinite, stopping);
    };

    /// <summary>Sends the first half of a stream (cutting the answer mid code block), then drops the connection.</summary>
    public static Reply TruncatedOpenAIStream(string text) => async (context, _, _) =>
    {
        StartEvents(context);
        var chunks = OpenAIChunks(text).ToList();
        foreach (var chunk in chunks.Take(chunks.Count / 2))
            await WriteEventAsync(context, null, chunk);
        context.Response.Abort();
    };

    /// <summary>Same as <see cref="TruncatedOpenAIStream"/> in Anthropic's event format.</summary>
    public static Reply TruncatedAnthropicStream(string text) => async (context, _, _) =>
    {
        StartEvents(context);
        var events = AnthropicEvents(text).ToList();
        foreach (var (name, data) in events.Take(events.Count / 2))
            await WriteEventAsync(context, name, data);
        context.Response.Abort();
    };

    static JsonObject OpenAICompletion(string text) => new()
    {
        ["id"] = "chatcmpl-loopback",
        ["object"] = "chat.completion",
        ["created"] = 1_790_000_000,
        ["model"] = OpenAIModel,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = PromptTokens, ["completion_tokens"] = CompletionTokens, ["total_tokens"] = PromptTokens + CompletionTokens },
    };

    static IEnumerable<string> OpenAIChunks(string text)
    {
        JsonObject Chunk(JsonObject delta, string? finish) => new()
        {
            ["id"] = "chatcmpl-loopback",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_790_000_000,
            ["model"] = OpenAIModel,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        yield return Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null).ToJsonString();
        foreach (var piece in Split(text, 8))
            yield return Chunk(new JsonObject { ["content"] = piece }, null).ToJsonString();
        yield return Chunk(new JsonObject(), "stop").ToJsonString();
        yield return new JsonObject
        {
            ["id"] = "chatcmpl-loopback",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_790_000_000,
            ["model"] = OpenAIModel,
            ["choices"] = new JsonArray(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = PromptTokens, ["completion_tokens"] = CompletionTokens, ["total_tokens"] = PromptTokens + CompletionTokens },
        }.ToJsonString();
    }

    static JsonObject AnthropicMessage(string text) => new()
    {
        ["id"] = "msg_loopback",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = AnthropicModel,
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
        ["stop_reason"] = "end_turn",
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = PromptTokens, ["output_tokens"] = CompletionTokens },
    };

    static IEnumerable<(string? Name, string Data)> AnthropicEvents(string text)
    {
        yield return ("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = "msg_loopback",
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = AnthropicModel,
                ["content"] = new JsonArray(),
                ["stop_reason"] = null,
                ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = PromptTokens, ["output_tokens"] = 1 },
            },
        }.ToJsonString());
        yield return ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");
        foreach (var piece in Split(text, 8))
        {
            yield return ("content_block_delta", new JsonObject
            {
                ["type"] = "content_block_delta",
                ["index"] = 0,
                ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece },
            }.ToJsonString());
        }
        yield return ("content_block_stop", """{"type":"content_block_stop","index":0}""");
        yield return ("message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":{{{CompletionTokens}}}}}""");
        yield return ("message_stop", """{"type":"message_stop"}""");
    }

    static IEnumerable<string> Split(string text, int pieces)
    {
        var size = Math.Max(1, (text.Length + pieces - 1) / pieces);
        for (var start = 0; start < text.Length; start += size)
            yield return text.Substring(start, Math.Min(size, text.Length - start));
    }

    static void StartEvents(HttpListenerContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.SendChunked = true;
    }

    static async Task WriteEventsAsync(HttpListenerContext context, IEnumerable<(string? Name, string Data)> events)
    {
        StartEvents(context);
        foreach (var (name, data) in events)
            await WriteEventAsync(context, name, data);
    }

    static Task WriteEventAsync(HttpListenerContext context, string? name, string data) =>
        WriteAsync(context, (name is null ? "" : $"event: {name}\n") + $"data: {data}\n\n");

    static Task WriteJsonAsync(HttpListenerContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return WriteAsync(context, body.ToJsonString());
    }

    static async Task WriteAsync(HttpListenerContext context, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (!context.Response.SendChunked)
            context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        await context.Response.OutputStream.FlushAsync();
    }
}
