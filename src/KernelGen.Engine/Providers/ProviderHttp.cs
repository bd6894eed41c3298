using KernelGen.Engine.Configuration;

namespace KernelGen.Engine.Providers;

/// <summary>The one way provider SDKs get an <see cref="HttpClient"/>: bounded connects, no hidden timeouts, observed failures.</summary>
public static class ProviderHttp
{
    /// <summary>
    /// A client whose connection attempts end after <see cref="ResilienceConfig.ConnectTimeout"/>. Its own timeout is
    /// infinite: <see cref="TimeoutChatClient"/> bounds whole requests and the gaps of a stream, which HttpClient's single
    /// timeout cannot tell apart (it would cut a long, healthy stream, or let a stalled one hang).
    /// </summary>
    public static HttpClient Create(ResilienceConfig resilience, Uri? baseAddress = null)
    {
        ArgumentNullException.ThrowIfNull(resilience);
        var transport = new SocketsHttpHandler
        {
            ConnectTimeout = resilience.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        return new HttpClient(new HttpAttemptObserver { InnerHandler = transport }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            BaseAddress = baseAddress,
        };
    }
}
