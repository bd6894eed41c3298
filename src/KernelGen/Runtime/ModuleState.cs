using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>Looks up a module's parameter or buffer by its dotted name (as in <c>named_parameters()</c>).</summary>
static class ModuleState
{
    public static Tensor? Find(nn.Module module, string name)
    {
        var owner = module;
        var dot = name.LastIndexOf('.');
        if (dot >= 0)
        {
            foreach (var part in name[..dot].Split('.'))
            {
                if (!owner.named_children().Any(c => c.name == part)) return null;
                owner = owner.named_children().First(c => c.name == part).module;
            }
        }
        var leaf = name[(dot + 1)..];
        foreach (var (paramName, parameter) in owner.named_parameters(recurse: false))
            if (paramName == leaf) return parameter;
        foreach (var (bufferName, buffer) in owner.named_buffers(recurse: false))
            if (bufferName == leaf) return buffer;
        return null;
    }
}
