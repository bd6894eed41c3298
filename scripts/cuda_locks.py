#!/usr/bin/env python3
"""Writes the CUDA variants measured by samples/CudaBench into the modules' kernelgen.lock.json files.

    python3 scripts/cuda_locks.py RESULTS_DIR --card "NVIDIA H100 80GB HBM3" [--only ID,ID]

RESULTS_DIR holds cuda-kernelgen.json from one run of the runner on the GPU host, or cuda-kernelbench.json from one
run of `CudaBench kernelbench` (its problems with a CUDA kernel; --only limits the variants written). For each problem the CUDA variant
entry (status, selection, verification and benchmark evidence, shape domain) replaces any entry with the same id;
other variants are kept (CUDA entries go after the CPU ones, which CLI tools read first). A module without a lock
gets a new one with its contract. The kernel file in the repository must hash to what ran, and an existing lock's
fingerprint must match the module's, or nothing is written. Selected = verified and the bootstrap 95 % interval of
the speedup over TorchSharp eager lies above 1 (the CPU rule of docs/benchmarking.md).
"""
import argparse
import datetime
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHES = {"QuickStart": "samples/QuickStart/kernels", "CudaBench": "samples/CudaBench/kernels", "KernelBench": "samples/KernelBench/kernels"}


def sha256_of_kernel(path):
    with open(path, encoding="utf-8-sig") as f:
        return hashlib.sha256(f.read().replace("\r\n", "\n").encode("utf-8")).hexdigest()


def tensor(name, shape):
    entry = {"dtype": "float32", "shape": shape}
    if name is not None:
        entry["name"] = name
    return entry


def entry_for(problem, card, date):
    verification = dict(problem["verification"])
    passed = verification.get("verdict") == "pass"
    benchmark = dict(problem.get("benchmark", {}))
    if benchmark:
        benchmark["card"] = card
        benchmark["dateUtc"] = date
    verification["card"] = card
    selected = passed and benchmark.get("speedupCi95Low", 0) > 1.0
    return {
        "backend": "cuda",
        "benchmark": benchmark,
        "dtype": "float32",
        "entryPoint": problem["entryPoint"],
        "file": problem["file"],
        "id": problem["variantId"],
        "provenance": {"attempt": 1, "createdUtc": date, "model": None, "origin": "hand-written", "promptTemplateSha256": None, "provider": None},
        "selected": selected,
        "sha256": problem["sha256"],
        "shapeDomain": problem["shapeDomain"],
        "status": "verified" if passed else "rejected",
        "verification": verification,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--card", required=True)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    suite = os.path.join(args.results, "cuda-kernelbench.json")
    with open(suite if os.path.exists(suite) else os.path.join(args.results, "cuda-kernelgen.json")) as f:
        report = json.load(f)
    problems = [p["cuda"] for p in report["problems"] if "cuda" in p] if os.path.exists(suite) else report["problems"]

    writes = []
    for problem in problems:
        if only and problem["variantId"] not in only:
            continue
        module = problem["module"]
        folder = os.path.join(ROOT, CACHES[module.split(".")[0]], module)
        kernel = os.path.join(folder, problem["file"])
        if sha256_of_kernel(kernel) != problem["sha256"]:
            sys.exit(f"{kernel} changed since the run measured it: re-run the runner")
        lock_path = os.path.join(folder, "kernelgen.lock.json")
        if os.path.exists(lock_path):
            with open(lock_path) as f:
                lock = json.load(f)
            if lock["fingerprint"] != problem["fingerprint"]:
                sys.exit(f"{lock_path}: fingerprint {lock['fingerprint']} is not the module's {problem['fingerprint']}: the reference changed")
        else:
            lock = {
                "contract": {
                    "bytesMoved": problem["benchmark"]["bytesMoved"] if "benchmark" in problem else None,
                    "flops": None,
                    "inputs": [tensor(n, s) for n, s in zip(problem["inputNames"], problem["inputShapes"])],
                    "output": tensor(None, problem["outputShape"]),
                    "state": [tensor(n, s) for n, s in zip(problem["stateNames"], problem["stateShapes"])],
                },
                "fingerprint": problem["fingerprint"],
                "module": module,
                "schemaVersion": 1,
                "variants": [],
            }
        variants = [v for v in lock["variants"] if v["id"] != problem["variantId"]]
        variants.append(entry_for(problem, args.card, report["dateUtc"]))
        lock["variants"] = sorted(variants, key=lambda v: v["backend"] == "cuda")
        writes.append((lock_path, lock))

    for path, lock in writes:
        temporary = path + ".tmp"
        text = json.dumps(lock, indent=2, sort_keys=True) + "\n"
        # The engine's writer spells exponents "E-07": keep existing evidence byte-for-byte (numbers only, never strings).
        text = re.sub(r'^(\s*(?:"[^"\n]*": )?-?\d+(?:\.\d+)?)e([+-]\d+,?)$', r"\1E\2", text, flags=re.MULTILINE)
        with open(temporary, "w") as f:
            f.write(text)
        os.replace(temporary, path)
        print(f"wrote {os.path.relpath(path, ROOT)}")


if __name__ == "__main__":
    main()
