using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KernelBench;

/// <summary>
/// <c>nn.GroupNorm</c> initialised as PyTorch initialises it (weight 1, bias 0). TorchSharp 0.107's GroupNorm leaves
/// its affine weight uninitialised: the port's outputs were garbage or NaN depending on what the allocator returned
/// (docs/kernelbench.md, "TorchSharp differences"). Every port with a GroupNorm builds it here.
/// </summary>
static class TorchSharpGroupNorm
{
    public static GroupNorm Create(long numGroups, long numChannels, double eps)
    {
        var norm = nn.GroupNorm(numGroups, numChannels, eps);
        using var noGrad = no_grad();
        norm.weight!.fill_(1.0);
        norm.bias!.zero_();
        return norm;
    }
}
