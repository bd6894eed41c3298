#!/bin/bash
# kernelgen doctor (and one verify, for the live progress) on the CUDA host, from a self-contained publish.
set -u
B=$PWD/.device/cliprogress
W=/tmp/kg; rm -rf $W; mkdir -p $W; tar -C $W -xJf $B/bundle.tar.xz
PY=/opt/torch/.venv/bin/python
TL=$($PY -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
K=$W/kgcli/KernelGen.Cli
P=$W/cudabench/CudaBench.csproj
{ date -u; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader; uname -a; cat /etc/os-release | head -2; echo "torch lib: $TL"; } > $OUT/host.txt 2>&1
run() { local name=$1; shift; local t0=$(date +%s%N); "$@" > $OUT/$name.out 2> $OUT/$name.err; local rc=$?; echo "exit $rc, $(( ($(date +%s%N) - t0) / 1000000 )) ms: $*" >> $OUT/commands.txt; }
run doctor-machine $K doctor
run doctor-project-no-variables $K doctor --project $P --no-build
export KERNELGEN_BUILD_TARGET_PATH=$W/cudabench/CudaBench.dll KERNELGEN_BUILD_CACHE_DIR=$W/cache
run doctor-project-no-ld-path $K doctor --project $P --no-build
export LD_LIBRARY_PATH=$TL
run doctor-project $K doctor --project $P --no-build
run doctor-project-json $K doctor --project $P --no-build --json
run verify-rmsnorm timeout 100 $K verify --project $P --module QuickStart.RmsNorm --no-build --seed 1
cp $W/cache/QuickStart.RmsNorm/kernelgen.lock.json $OUT/rmsnorm-lock-after-verify.json 2>/dev/null
ls ~/.cache/kernelgen > $OUT/peak-cache.txt 2>&1; cat ~/.cache/kernelgen/*.json >> $OUT/peak-cache.txt 2>&1
true
