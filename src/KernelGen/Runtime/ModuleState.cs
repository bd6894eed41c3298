using TorchSharp;
using static TorchSharp.torch;

namespace KernelGen.Runtime;

/// <summary>Looks up a module's parameter or buffer by its dotted name (as in <c>named_parameters()</c>).</summary>
static class ModuleState
{
    // Looked up on every call rather than cached: to(device), load_state_dict and parameter reassignment
    // replace the tensors, and a stale cached tensor would feed a kernel the wrong memory.
    public static Tensor? Find(nn.Module module, string name) => module.get_parameter(name) ?? module.get_buffer(name);
}
