#!/usr/bin/env bash
# Runs the PyTorch cross-check on a machine with PyTorch and no .NET SDK (the CUDA test host), from the folder of a
# self-contained publish of the KernelBench sample (docs/kernelbench.md, "Cross-check against PyTorch"):
#   1. crosscheck.py builds each KernelBench Model with a fixed seed, draws the reduced-size inputs and writes
#      inputs, state and float32/float64 outputs (CPU tensors) to a scratch folder;
#   2. the published sample loads them into the C# ports, using PyTorch's own LibTorch, and compares.
# usage: run-on-host.sh <python with torch> <torch/lib folder> <report.json>
set -euo pipefail
python="$1"
torch_lib="$2"
report="$3"
here="$(cd "$(dirname "$0")/.." && pwd)"
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT

"$python" "$here/crosscheck/crosscheck.py" "$data"
export LD_LIBRARY_PATH="$torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export KERNELBENCH_TORCH_LIB="$torch_lib"
"$here/KernelBench" crosscheck "$data" --report "$report"
