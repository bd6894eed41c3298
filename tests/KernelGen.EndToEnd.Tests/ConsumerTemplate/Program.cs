using KernelGen.Runtime;
using QuickStart;
using static TorchSharp.torch;

// Runs the annotated module once and prints which variant ran, the module's bake status and how far the dispatched
// result is from the reference: "QuickStart.SwiGluGate <variant|reference> <status> maxdiff <value>".
using var noGrad = no_grad();
var module = SwiGluGate.Create();
var inputs = SwiGluGate.Inputs(CPU);
var dispatched = module.forward(inputs[0], inputs[1]);
var info = KernelModules.Info<SwiGluGate>();
var maxDiff = (dispatched - module.RunReference(inputs[0], inputs[1])).abs().max().item<float>();
Console.WriteLine($"{info.ModuleName} {info.LastVariant ?? "reference"} {info.Status} maxdiff {maxDiff:E2}");
return maxDiff < 1e-4 ? 0 : 1;
