#!/usr/bin/env python3
"""No-op `dotnet build` of a project using the KernelGen package vs the same project without it.

Makes two console apps under a temporary folder from tests/KernelGen.EndToEnd.Tests/ConsumerTemplate:
  with:    PackageReference KernelGen (from artifacts/packages) + the sample's SwiGluGate module and its committed
           kernel, Bake mode (the default)
  without: the same app and module with the KernelGen attributes and package removed (TorchSharp + LibTorch only)
builds both once, then times `dotnet build -c Release --nologo` of each, interleaved (A B A B ...), so load from other
work on the machine hits both sides alike. Prints every sample and the medians.

Usage: python3 benchmarks/NoOpBuild/measure.py <KernelGen package version> [runs per side, default 15]
(pack first: dotnet pack src/KernelGen.Package -c Release -p:VersionSuffix=<suffix>)
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, time

repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
version = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
template = os.path.join(repo, "tests", "KernelGen.EndToEnd.Tests", "ConsumerTemplate")
module_source = os.path.join(repo, "samples", "QuickStart", "Modules", "SwiGluGate.cs")
feed = os.path.join(repo, "artifacts", "packages")
root = tempfile.mkdtemp(prefix="kernelgen-noop-")

def make(name, with_kernelgen):
    folder = os.path.join(root, name)
    os.makedirs(folder)
    project = open(os.path.join(template, "Consumer.csproj")).read().replace("KERNELGEN_VERSION", version)
    program = open(os.path.join(template, "Program.cs")).read()
    module = open(module_source).read()
    if with_kernelgen:
        shutil.copytree(os.path.join(repo, "samples", "QuickStart", "kernels", "QuickStart.SwiGluGate"),
                        os.path.join(folder, "kernels", "QuickStart.SwiGluGate"))
    else:
        project = re.sub(r'\s*<PackageReference Include="KernelGen"[^>]*/>', "", project)
        project = project.replace('<PackageReference Include="libtorch-cpu-linux-x64"',
                                  '<PackageReference Include="TorchSharp" Version="0.107.0" />\n    <PackageReference Include="libtorch-cpu-linux-x64"')
        module = re.sub(r"^\s*\[(GenerateKernels|KernelReference|KernelInputs|KernelFactory)\]\s*$", "", module, flags=re.M)
        module = module.replace("using KernelGen;\n", "").replace("public sealed partial class", "public sealed class")
        module = module.replace("    Tensor Reference(", "    public override Tensor forward(Tensor gate, Tensor up) => Reference(gate, up);\n\n    Tensor Reference(")
        program = program.replace("using KernelGen.Runtime;\n", "")
        program = program.replace('var info = KernelModules.Info<SwiGluGate>();\n', "")
        program = program.replace('{info.ModuleName} {info.LastVariant ?? "reference"} {info.Status}', "QuickStart.SwiGluGate reference")
    open(os.path.join(folder, "Consumer.csproj"), "w").write(project)
    open(os.path.join(folder, "Program.cs"), "w").write(program)
    open(os.path.join(folder, "SwiGluGate.cs"), "w").write(module)
    open(os.path.join(folder, "NuGet.config"), "w").write(
        f'<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear />'
        f'<add key="local" value="{feed}" /></packageSources></configuration>\n')
    return folder

def build(folder):
    start = time.perf_counter()
    result = subprocess.run(["dotnet", "build", "-c", "Release", "--nologo"], cwd=folder, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed in {folder}:\n{result.stdout}\n{result.stderr}")
    return elapsed

sides = {"without": make("without", False), "with": make("with", True)}
for folder in sides.values():
    build(folder); build(folder)  # first build, then one no-op to settle the build servers
samples = {name: [] for name in sides}
for i in range(runs):
    # Alternate which side goes first, so neither always follows the other's leftovers (page cache, build nodes).
    for name in (["without", "with"] if i % 2 == 0 else ["with", "without"]):
        samples[name].append(build(sides[name]))
        print(f"run {i + 1:2d} {name:7s} {samples[name][-1]:.3f} s", flush=True)
for name, values in samples.items():
    print(f"{name:7s} median {statistics.median(values):.3f} s  min {min(values):.3f}  max {max(values):.3f}  n={len(values)}")
overhead = statistics.median(samples["with"]) / statistics.median(samples["without"]) - 1
paired = statistics.median(w / wo for w, wo in zip(samples["with"], samples["without"])) - 1
print(f"overhead of KernelGen: ratio of medians {overhead * 100:+.1f} %, median of paired ratios {paired * 100:+.1f} %")
print(f"load average after: {os.getloadavg()}")
shutil.rmtree(root)
