using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace KernelGen.Engine.Tests.Providers;

/// <summary>One request as the loopback server received it.</summary>
sealed record ReceivedRequest(string Method, string Path, string? Authorization, string? ApiKeyHeader, string Body)
{
    public string Headers { get; init; } = "";

    public bool Streaming => JsonNode.Parse(Body)?["stream"]?.GetValue<bool>() == true;
}

/// <summary>Writes the answer to one request; may take its time, cut the connection, or never finish.</summary>
delegate Task Reply(HttpListenerContext context, ReceivedRequest request, CancellationToken serverStopping);

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers requests in order from a script (one <see cref="Reply"/> per request), so
/// that the providers' real SDK clients can be driven through every fault over real sockets. A request beyond the script
/// gets a 500 that names the problem, so a test that asks more often than planned fails loudly.
/// </summary>
sealed class LoopbackServer : IAsyncDisposable
{
    readonly HttpListener listener;
    readonly CancellationTokenSource stopping = new();
    readonly ConcurrentQueue<Reply> script = new();
    readonly ConcurrentQueue<ReceivedRequest> received = new();
    readonly List<Task> handlers = [];
    readonly Task acceptLoop;

    public LoopbackServer(params Reply[] replies)
    {
        foreach (var reply in replies) script.Enqueue(reply);
        (listener, BaseAddress) = Start();
        acceptLoop = Task.Run(AcceptAsync);
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<ReceivedRequest> Requests => [.. received];

    public void Enqueue(params Reply[] replies)
    {
        foreach (var reply in replies) script.Enqueue(reply);
    }

    // HttpListener cannot bind port 0: take a free port from the OS, then bind it (retrying if another process won the race).
    static (HttpListener, Uri) Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var address = new Uri($"http://127.0.0.1:{port}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(address.ToString());
            try
            {
                listener.Start();
                return (listener, address);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            lock (handlers) handlers.Add(Task.Run(() => HandleAsync(context)));
        }
    }

    async Task HandleAsync(HttpListenerContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            body = await reader.ReadToEndAsync();
        var request = new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath,
            context.Request.Headers["Authorization"], context.Request.Headers["x-api-key"], body)
        {
            Headers = string.Join("\n", context.Request.Headers.AllKeys.Select(k => $"{k}: {context.Request.Headers[k]}")),
        };
        received.Enqueue(request);
        var reply = script.TryDequeue(out var next) ? next : Replies.Status(500, "the test's script has no reply for this request");
        try
        {
            await reply(context, request, stopping.Token);
            context.Response.Close();
        }
        catch (Exception)
        {
            // The client went away (a timeout it enforced), or the server is stopping: nothing to answer.
            context.Response.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        listener.Close();
        await acceptLoop;
        Task[] pending;
        lock (handlers) pending = [.. handlers];
        await Task.WhenAll(pending);
        stopping.Dispose();
    }
}
