#!/usr/bin/env python3
"""PyTorch eager and torch.compile for the KernelBench ports, at the sizes the .NET run used, with its protocol.

Run on the CUDA test host after `CudaBench kernelbench` in the same device call (docs/kernelbench.md):
    python kernelbench_cuda_baselines.py RESULTS_DIR [--samples 50] [--warmup 10]
Reads RESULTS_DIR/cuda-kernelbench.json and times the problems that have a CUDA kernel there (fast_p needs a
baseline only where a kernel exists), at the input shapes the .NET run recorded. Most level-1 init arguments do not
depend on the size; L1-40's normalized shape and the level 2/3 ones do, and crosscheck.py holds the reduced ones, so
V01_INIT gives the v0.1 ones of those problems with a kernel (the ports' `full:` sizes). The models and input distributions are
crosscheck.py's (KernelBench's own Model classes); the protocol (L2 flush, CUDA events, interleaving, medians) and the
TF32-off setting are cuda_baselines.py's. Writes RESULTS_DIR/cuda-kernelbench-baselines.json with every sample.
"""
import argparse
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "crosscheck"), os.path.join(os.path.dirname(HERE), "samples", "KernelBench", "crosscheck")]
import crosscheck  # noqa: E402  (KernelBench's Model classes and the ports' input distributions)
from cuda_baselines import eager_and_compiled, report_head  # noqa: E402  (the same protocol; importing it turns TF32 off)

SEED = 20261126

# KernelBench v0.1 get_init_inputs() of the problems with a CUDA kernel whose init depends on the size (the sizes are the C# ports' `full:`
# tuples; crosscheck.py's init lists are the reduced ones, in the same order and with the same scalars).
V01_INIT = {
    "L1-40": [(64, 256, 256)],  # normalized_shape (features, dim1, dim2)
    "L2-14": [8192, 8192, 1.5],  # input_size, hidden_size, scaling_factor
    "L2-18": [8192, 8192],  # in_features, out_features
}


def inputs_at(problem, shapes):
    """crosscheck's input draws (kind and parameters) at the .NET run's shapes, drawn on the GPU."""
    if len(shapes) != len(problem.inputs):
        raise SystemExit(f"{problem.key}: the .NET run recorded {len(shapes)} inputs, crosscheck.py defines {len(problem.inputs)}")
    with torch.device("cuda"):
        return [crosscheck.draw((spec[0], shape, *spec[2:])) for spec, shape in zip(problem.inputs, shapes)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    with open(os.path.join(args.results, "cuda-kernelbench.json")) as f:
        dotnet = json.load(f)
    by_key = {p.key: p for p in crosscheck.PROBLEMS}

    report, flush = report_head("scripts/kernelbench_cuda_baselines.py", args, "torch.compile(model) default mode (inductor), dynamic=False")
    report["protocol"].update({"tf32": False, "seed": SEED})
    print(f"device {report['device']['name']}, torch {torch.__version__}", flush=True)

    for entry in dotnet["problems"]:
        key = entry["key"]
        if entry.get("status") not in ("kernel", "rejected"):
            continue
        problem = by_key[key]
        if key in V01_INIT:
            init = V01_INIT[key]
        elif entry["level"] == 1:
            init = problem.init
        else:
            raise SystemExit(f"{key}: crosscheck.py holds reduced-size init arguments for level {entry['level']}; add the v0.1 ones to V01_INIT")
        shapes = entry["cuda"]["inputShapes"]
        torch.manual_seed(SEED)
        with torch.device("cuda"):
            model = problem.model_class()(*init)
        inputs = inputs_at(problem, shapes)
        record = report["problems"][key] = {"inputShapes": shapes, **eager_and_compiled(model, inputs, flush, args.warmup, args.samples)}
        print(f"{key:6s} eager {record['eagerMedianMs']:9.3f} ms  compiled {record['compiledMedianMs']:9.3f} ms  "
              f"(compile {record['compileSeconds']:.0f} s, max |diff| {record['compiledMaxAbsDiffVsEager']:.2e})", flush=True)
        del inputs, model
        torch.cuda.empty_cache()

    with open(os.path.join(args.results, "cuda-kernelbench-baselines.json"), "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
