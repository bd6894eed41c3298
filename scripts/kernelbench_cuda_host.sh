#!/bin/bash
# The KernelBench GPU run on the CUDA test host (docs/kernelbench.md, "CUDA"): unpacks the CudaBench publish
# (cudabench.tar.xz, next to this script with kernelbench_cuda_baselines.py, cuda_baselines.py and crosscheck.py),
# runs `CudaBench kernelbench` at the v0.1 sizes, then the PyTorch baselines, into $OUT/results.
# usage: run.sh "<CudaBench kernelbench options>" "<baselines options>"
cd "$(dirname "$0")"
tar -xJf cudabench.tar.xz
PY=/opt/torch/.venv/bin/python
TL=$($PY -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
export KERNELGEN_TORCH_LIB=$TL LD_LIBRARY_PATH=$TL:$LD_LIBRARY_PATH KERNELBENCH_SIZE=full
R=$OUT/results; mkdir -p $R
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv > $R/gpu.txt
echo "start $(date -u +%FT%TZ)" > $R/timing.txt
./cudabench/CudaBench kernelbench --out $R $1 > $R/kernelbench.log 2>&1; echo "dotnet rc $? $(date -u +%FT%TZ)" >> $R/timing.txt
tail -5 $R/kernelbench.log
$PY kernelbench_cuda_baselines.py $R $2 > $R/baselines.log 2>&1; echo "python rc $? $(date -u +%FT%TZ)" >> $R/timing.txt
cat $R/timing.txt
