using System.Globalization;
using System.Text.Json;

namespace KernelBench.CrossCheck;

/// <summary><c>KernelBench crosscheck &lt;folder&gt; [--report file.json]</c>: every problem of the manifest against its port.</summary>
static class CrossCheckCommand
{
    public static int Run(string folder, string? reportPath)
    {
        var manifest = CrossCheckManifest.Read(folder);
        Console.WriteLine($"Cross-check against PyTorch {manifest.Torch} ({manifest.Device}, seed {manifest.Seed}), {manifest.Problems.Length} problems; "
            + $"pass: float64 error <= {CrossChecker.Float64Tolerance:G1} and float32 error <= {CrossChecker.Float32Factor} x PyTorch's float32 error + {CrossChecker.Float32Floor:G3}");
        var results = new List<CrossCheckResult>();
        foreach (var record in manifest.Problems)
        {
            var problem = Problem.All.FirstOrDefault(p => p.Info.Level == record.Level && p.Info.Id == record.Id);
            var result = problem is null
                ? new CrossCheckResult($"L{record.Level}-{record.Id}", record.Name, false, "no C# port with this level and id", null, null, null, null, null)
                : CrossChecker.Check(problem, record, folder);
            results.Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(result.Passed ? "pass" : "FAIL"),-4}  {result.Key,-6} {result.Name,-48} f64 {result.Float64Error:E2}  f32 {result.Float32Error:E2} (torch f32 {result.TorchFloat32Error:E2}, allowed {result.Float32Allowed:E2}){(result.Failure is null ? "" : "  " + result.Failure)}"));
        }
        var notInManifest = Problem.All.Where(p => !manifest.Problems.Any(r => r.Level == p.Info.Level && r.Id == p.Info.Id)).Select(p => p.Key).ToList();
        if (notInManifest.Count > 0) Console.WriteLine($"ports not in the manifest (not cross-checked): {string.Join(", ", notInManifest)}");
        var passed = results.Count(r => r.Passed);
        Console.WriteLine($"{passed} of {results.Count} problems match PyTorch");
        if (reportPath is not null)
        {
            var report = new { torch = manifest.Torch, device = manifest.Device, seed = manifest.Seed, float64Tolerance = CrossChecker.Float64Tolerance, float32Factor = CrossChecker.Float32Factor, float32Floor = CrossChecker.Float32Floor, results, notCrossChecked = notInManifest };
            File.WriteAllText(reportPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        }
        return passed == results.Count && notInManifest.Count == 0 ? 0 : 3;
    }
}
