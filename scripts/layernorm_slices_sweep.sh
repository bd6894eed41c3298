#!/bin/bash
# On the CUDA test host: compiles scripts/layernorm_slices_sweep.cu with the L1-40 kernel at several SLICES values
# (nvcc -DSLICES overrides the kernel's default, which its launch line's grid=B*<SLICES> must match) and times each.
# usage: layernorm_slices_sweep.sh KERNEL.cu [SLICES ...]   (default 2 4 8 16 32)
set -e
KERNEL=$(realpath "$1"); shift
cd "$(dirname "$0")"
VALUES=${*:-2 4 8 16 32}
DIR=$(mktemp -d)
nvidia-smi --query-gpu=name --format=csv,noheader
for s in $VALUES; do /usr/local/cuda/bin/nvcc -O3 -arch=sm_90 -std=c++17 -DSLICES=$s -include "$KERNEL" -o "$DIR/sweep$s" layernorm_slices_sweep.cu & done
wait
for s in $VALUES; do "$DIR/sweep$s"; done
