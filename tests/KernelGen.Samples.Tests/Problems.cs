using KernelBench;

namespace KernelGen.Samples.Tests;

/// <summary>xunit data: every ported problem by key.</summary>
static class Problems
{
    public static TheoryData<string> Keys() => [.. Problem.All.Select(p => p.Key)];

    public static Problem ByKey(string key) => Problem.All.Single(p => p.Key == key);
}
