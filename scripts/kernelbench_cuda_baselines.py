#!/usr/bin/env python3
"""PyTorch eager and torch.compile for the KernelBench ports, at the sizes the .NET run used, with its protocol.

Run on the CUDA test host after `CudaBench kernelbench` in the same device call (docs/kernelbench.md):
    python kernelbench_cuda_baselines.py RESULTS_DIR [--samples 50] [--warmup 10]
Reads RESULTS_DIR/cuda-kernelbench.json and times the problems that have a CUDA kernel there (fast_p needs a
baseline only where a kernel exists), at the input shapes the .NET run recorded. All of them are level 1, whose
init arguments do not depend on the size (level 2/3 ones do, and crosscheck.py holds the reduced ones). The models and input distributions are
crosscheck.py's (KernelBench's own Model classes); the protocol (L2 flush, CUDA events, interleaving, medians) and the
TF32-off setting are cuda_baselines.py's. Writes RESULTS_DIR/cuda-kernelbench-baselines.json with every sample.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "crosscheck"), os.path.join(os.path.dirname(HERE), "samples", "KernelBench", "crosscheck")]
import crosscheck  # noqa: E402  (KernelBench's Model classes and the ports' input distributions)
from cuda_baselines import measure  # noqa: E402  (the same timing protocol; importing it turns TF32 off)

SEED = 20261126


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

    props = torch.cuda.get_device_properties(0)
    l2 = getattr(props, "L2_cache_size", 50 << 20)
    flush = torch.empty(max(256 << 20, 4 * l2) // 4, device="cuda")
    report = {
        "tool": "scripts/kernelbench_cuda_baselines.py",
        "dateUtc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "device": {"name": props.name, "multiprocessors": props.multi_processor_count, "l2CacheBytes": l2, "torch": torch.__version__, "cuda": torch.version.cuda},
        "protocol": {"warmupRuns": args.warmup, "samples": args.samples, "l2FlushBytes": flush.numel() * 4,
                     "compile": "torch.compile(model) default mode (inductor), dynamic=False", "tf32": False, "seed": SEED},
        "problems": {},
    }
    print(f"device {props.name}, torch {torch.__version__}", flush=True)

    for entry in dotnet["problems"]:
        key = entry["key"]
        if entry.get("status") not in ("kernel", "rejected"):
            continue
        problem = by_key[key]
        if entry["level"] != 1:
            raise SystemExit(f"{key}: crosscheck.py holds reduced-size init arguments for level {entry['level']}; give it full-size ones first")
        shapes = entry["cuda"]["inputShapes"]
        torch.manual_seed(SEED)
        with torch.device("cuda"):
            model = problem.model_class()(*problem.init)
        inputs = inputs_at(problem, shapes)
        compiled = torch.compile(model, dynamic=False)
        started = time.time()
        with torch.no_grad():
            expected = model(*inputs)
            got = compiled(*inputs)
            torch.cuda.synchronize()
            compile_seconds = time.time() - started
            finite = expected.isfinite() & got.isfinite()
            max_diff = (expected - got).abs().masked_fill(~finite, 0).max().item()
            times = measure([lambda: model(*inputs), lambda: compiled(*inputs)], flush, args.warmup, args.samples)
        eager_ms, compiled_ms = statistics.median(times[0]), statistics.median(times[1])
        report["problems"][key] = {
            "inputShapes": shapes,
            "eagerMedianMs": eager_ms,
            "compiledMedianMs": compiled_ms,
            "compileSeconds": round(compile_seconds, 1),
            "compiledMaxAbsDiffVsEager": max_diff,
            "eagerSamplesMs": [round(t, 5) for t in times[0]],
            "compiledSamplesMs": [round(t, 5) for t in times[1]],
        }
        print(f"{key:6s} eager {eager_ms:9.3f} ms  compiled {compiled_ms:9.3f} ms  (compile {compile_seconds:.0f} s, max |diff| {max_diff:.2e})", flush=True)
        del inputs, expected, got, compiled, model, finite
        torch.cuda.empty_cache()

    with open(os.path.join(args.results, "cuda-kernelbench-baselines.json"), "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
