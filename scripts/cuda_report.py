#!/usr/bin/env python3
"""Prints the CUDA table of docs/benchmarks.md from one device run's results folder.

    python3 scripts/cuda_report.py benchmarks/cuda/2026-11-26-h100

Reads cuda-kernelgen.json (samples/CudaBench) and cuda-baselines.json (scripts/cuda_baselines.py) from the same
device call. Percentages of peak use the float4 copy kernel's bandwidth measured in that run (bytes read + written).
"""
import json
import math
import os
import sys


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, "cuda-kernelgen.json")) as f:
        kernelgen = json.load(f)
    with open(os.path.join(folder, "cuda-baselines.json")) as f:
        baselines = json.load(f)
    peak = kernelgen["copyPeak"]["kernelGBs"]
    print(f"Card: {baselines['device']['name']}; PyTorch {baselines['device']['torch']} (CUDA {baselines['device']['cuda']}); "
          f"copy peak {peak:.0f} GB/s (float4 copy kernel, read + write; torch clone {kernelgen['copyPeak']['torchCloneGBs']:.0f} GB/s). "
          f"Medians of {kernelgen['protocol']['samples']} samples, L2 flushed ({kernelgen['protocol']['l2FlushBytes'] >> 20} MiB written) before each.")
    print()
    print("| problem | level | shape | TorchSharp eager ms | PyTorch eager ms | torch.compile ms | KernelGen ms | KernelGen % of copy peak | torch.compile % of copy peak | vs TorchSharp eager (95 % CI) | vs torch.compile |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    ratios = {"L1": ([], []), "L2": ([], [])}
    for problem in kernelgen["problems"]:
        bench = problem["benchmark"]
        base = baselines["problems"][problem["variantId"]]
        moved = bench["bytesMoved"]
        vs_eager = bench["eagerMedianMs"] / bench["kernelMedianMs"]
        vs_compile = base["compiledMedianMs"] / bench["kernelMedianMs"]
        ratios[problem["level"]][0].append(vs_eager)
        ratios[problem["level"]][1].append(vs_compile)
        shape = " ".join("[" + ",".join(str(d) for d in s) + "]" for s in problem["inputShapes"])
        compile_pct = 100 * moved / base["compiledMedianMs"] / 1e6 / peak
        print(f"| {problem['name']} | {problem['level']} | {shape} | {bench['eagerMedianMs']:.3f} | {base['eagerMedianMs']:.3f} | {base['compiledMedianMs']:.3f} | "
              f"{bench['kernelMedianMs']:.3f} | {bench['kernelPercentOfCopyPeak']:.1f} % | {compile_pct:.1f} % | "
              f"{vs_eager:.2f}x ({bench['speedupCi95Low']:.2f}–{bench['speedupCi95High']:.2f}) | {vs_compile:.2f}x |")
    print()
    everything = ratios["L1"][0] + ratios["L2"][0], ratios["L1"][1] + ratios["L2"][1]
    for label, (eager, compiled) in [("L1", ratios["L1"]), ("L2", ratios["L2"]), ("all", everything)]:
        print(f"- Geomean {label} ({len(eager)} problems): {geomean(eager):.2f}x over TorchSharp eager, {geomean(compiled):.2f}x over torch.compile")


if __name__ == "__main__":
    main()
