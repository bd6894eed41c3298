namespace KernelGen.Engine.Workers;

/// <summary>The <c>dotnet</c> host that runs this process, so the worker runs on the same runtime.</summary>
public static class DotnetHost
{
    /// <summary>The host's full path (DOTNET_HOST_PATH, or this process when it is dotnet), else <c>dotnet</c> from PATH.</summary>
    public static string Path { get; } = Find();

    static string Find()
    {
        // The SDK sets DOTNET_HOST_PATH for processes it starts (dotnet test, dotnet run, MSBuild tasks).
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromSdk && File.Exists(fromSdk)) return fromSdk;
        if (Environment.ProcessPath is { } self && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}
