namespace KernelGen.Engine.Verification;

/// <summary>A check that failed during verification; the verifier turns it into a rejection.</summary>
sealed class VerificationFailure(string check, string reason) : Exception(reason)
{
    public string Check { get; } = check;
}
