namespace KernelGen.Engine.Verification;

/// <summary>Accumulates per-distribution errors and the shapes tested, for the evidence.</summary>
sealed class TrialStatistics
{
    readonly Dictionary<string, (int Trials, double Candidate, double Reference, double Ratio)> byDistribution = new(StringComparer.Ordinal);
    readonly Dictionary<string, (long[][] Shapes, int Trials)> byShape = new(StringComparer.Ordinal);

    public void Add(Trial trial, long[][] shapes, ErrorMeasurement error, double ratio)
    {
        var name = trial.Distribution.Name;
        var previous = byDistribution.GetValueOrDefault(name);
        byDistribution[name] = (previous.Trials + 1, Math.Max(previous.Candidate, error.CandidateError), Math.Max(previous.Reference, error.ReferenceError), Math.Max(previous.Ratio, ratio));
        var key = string.Join(";", shapes.Select(s => string.Join(",", s)));
        byShape[key] = (shapes, byShape.GetValueOrDefault(key).Trials + 1);
    }

    public VerificationEvidence ToEvidence(long seed, int trials, double floor, double seconds)
    {
        var distributions = InputDistribution.All.Where(d => byDistribution.ContainsKey(d.Name))
            .Select(d => byDistribution[d.Name] is var s ? new DistributionEvidence(d.Name, s.Trials, s.Candidate, s.Reference, s.Ratio) : null!)
            .ToList();
        return new VerificationEvidence(
            seed,
            trials,
            "the reference in float64 (module and floating inputs converted)",
            "max |x - oracle| / (|oracle| + mean|oracle|)",
            VerificationTolerance.Factor,
            floor,
            distributions.Max(d => d.MaxErrorRatio),
            distributions.Max(d => d.MaxCandidateError),
            distributions.Max(d => d.MaxReferenceError),
            distributions,
            [.. byShape.Values.OrderByDescending(s => s.Trials).ThenBy(s => s.Shapes[0].Aggregate(1L, (a, b) => a * b))
                .Select(s => new ShapeEvidence([.. s.Shapes.Select(x => (IReadOnlyList<long>)x)], s.Trials))],
            ["NaN", "1e30", "-777"],
            VerificationOutcome.CheckNames,
            Math.Round(seconds, 3));
    }
}
