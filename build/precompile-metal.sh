#!/bin/sh
# Precompiles every Metal kernel under a kernel cache folder into a metallib that the source generator bakes next
# to the MSL source (docs/metal.md, "Precompiled metallib"). macOS with Xcode's Metal toolchain only; it has not been
# run (no Mac was available to the project). Usage: build/precompile-metal.sh [kernels-folder]  (default: kernels)
#
# Each kernels/<Module>/metal/<id>.metal gets <id>.metal.metallib.base64: a header line
# "kernelgen-metallib/1 sha256=<hash>" naming the kernel file hash the lock records (SHA-256 of the text without a
# UTF-8 byte-order mark and with CRLF as LF), then the metallib in base64. The generator bakes it only while that
# hash is the verified file's, so a library built from an older version of a kernel is never used.
set -eu

folder="${1:-kernels}"
if ! command -v xcrun >/dev/null 2>&1 || ! xcrun -sdk macosx --find metal >/dev/null 2>&1; then
    echo "precompile-metal: needs macOS with Xcode's Metal toolchain (xcrun metal); nothing was changed" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

find "$folder" -path '*/metal/*.metal' -type f | while IFS= read -r kernel; do
    hash="$(perl -pe 's/^\xEF\xBB\xBF// if $. == 1; s/\r\n\z/\n/' "$kernel" | shasum -a 256 | cut -d' ' -f1)"
    # Fast math off, as the runtime compiles from source: the kernel was verified without it.
    xcrun -sdk macosx metal -fno-fast-math -c "$kernel" -o "$work/kernel.air"
    xcrun -sdk macosx metallib "$work/kernel.air" -o "$work/kernel.metallib"
    {
        echo "kernelgen-metallib/1 sha256=$hash"
        base64 < "$work/kernel.metallib"
    } > "$kernel.metallib.base64.tmp"
    mv "$kernel.metallib.base64.tmp" "$kernel.metallib.base64"
    echo "precompile-metal: $kernel.metallib.base64"
done
