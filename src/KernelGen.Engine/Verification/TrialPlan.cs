namespace KernelGen.Engine.Verification;

/// <summary>One trial: its distribution, the size of every symbol, and whether the candidate runs before the reference.</summary>
public sealed record Trial(int Index, InputDistribution Distribution, IReadOnlyDictionary<string, long> Sizes, bool CandidateFirst);

/// <summary>
/// The trials of one verification. The first few run at the full sample shape (what the app runs); the rest cycle
/// every symbol through the probe sizes, so most of the work happens on small shapes and a large problem still
/// verifies in seconds. Distributions rotate so each gets about the same number of trials at every size.
/// </summary>
public static class TrialPlan
{
    public static IReadOnlyList<Trial> Create(InferredDomain domain, int trials, int fullShapeTrials, long seed)
    {
        var order = new Random(unchecked((int)seed));
        var plan = new List<Trial>(trials);
        var distributions = InputDistribution.All;
        for (var t = 0; t < trials; t++)
        {
            var full = t < fullShapeTrials || domain.Symbols.Count == 0;
            var sizes = domain.Symbols.Select((s, k) => (s.Name, Size: full || s.Probes.Count == 0 ? s.SampleSize : s.Probes[(t + 3 * k) % s.Probes.Count]))
                .ToDictionary(p => p.Name, p => p.Size, StringComparer.Ordinal);
            plan.Add(new Trial(t, distributions[t % distributions.Count], sizes, CandidateFirst: order.Next(2) == 0));
        }
        return plan;
    }
}
