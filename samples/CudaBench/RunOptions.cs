using System.Globalization;

namespace CudaBench;

/// <summary>Command-line options; defaults are the protocol's (100 trials, 3 at full shape, 50 samples).</summary>
sealed record RunOptions(string OutputDirectory, int Trials, int FullShapeTrials, int Warmup, int Samples, IReadOnlySet<string>? Only)
{
    public static RunOptions Parse(string[] args)
    {
        var options = new RunOptions(Directory.GetCurrentDirectory(), 100, 3, 10, 50, null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--out" => options with { OutputDirectory = value },
                "--trials" => options with { Trials = int.Parse(value, CultureInfo.InvariantCulture) },
                "--full-trials" => options with { FullShapeTrials = int.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup" => options with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                "--samples" => options with { Samples = int.Parse(value, CultureInfo.InvariantCulture) },
                "--only" => options with { Only = value.Split(',').ToHashSet(StringComparer.OrdinalIgnoreCase) },
                _ => throw new ArgumentException($"unknown option {args[i]}; see docs/cuda.md"),
            };
            i++;
        }
        return options;
    }
}
