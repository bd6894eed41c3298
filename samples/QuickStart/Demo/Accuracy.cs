using static TorchSharp.torch;

namespace QuickStart.Demo;

static class Accuracy
{
    /// <summary>max |result - oracle| / max |oracle|: the error relative to the output's scale.</summary>
    public static double NormalisedMaxError(Tensor result, Tensor oracle)
    {
        using var scope = NewDisposeScope();
        var error = (result.to(float64) - oracle).abs().max().item<double>();
        var scale = oracle.abs().max().item<double>();
        return scale > 0 ? error / scale : error;
    }
}
