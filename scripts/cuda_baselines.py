#!/usr/bin/env python3
"""PyTorch eager and torch.compile on the problems of samples/CudaBench, with the runner's protocol.

Run on the CUDA test host in the same device call as the .NET runner (docs/cuda.md):
    python cuda_baselines.py --out DIR [--samples 50] [--warmup 10] [--only ID,ID]
Each problem: warm-up, then samples interleaved between eager and compiled (order alternating each round), each
sample one call timed with CUDA events after writing a buffer of max(256 MiB, 4 x L2) to flush the L2 cache;
medians reported. Writes DIR/cuda-baselines.json with every sample.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

# Same precision as the .NET runner: no TF32 anywhere (these problems have no matmul or conv, so it changes nothing).
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False


def rope_tables(tokens=2048, head_dim=128, base=10000.0):
    inverse = torch.pow(torch.tensor(base, dtype=torch.float64), -torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim)
    angles = torch.outer(torch.arange(tokens, dtype=torch.float64), inverse)
    table = torch.cat([angles, angles], -1)
    return table.cos().float().cuda(), table.sin().float().cuda()


def rope(x, cos, sin):
    halves = x.chunk(2, -1)
    rotated = torch.cat([-halves[1], halves[0]], -1)
    return x * cos.unsqueeze(1) + rotated * sin.unsqueeze(1)


def randn(*shape):
    return torch.randn(*shape, device="cuda")


# variantId -> (reference function, input factory); the references are the modules' [KernelReference] bodies.
PROBLEMS = {
    "rmsnorm-cuda-rows": (lambda x, w: x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * w, lambda: [randn(4096, 4096), randn(4096)]),
    "swiglu-cuda-vec4": (lambda g, u: F.silu(g) * u, lambda: [randn(2048, 8192), randn(2048, 8192)]),
    "rope-cuda-halves": (rope, lambda: [randn(2048, 32, 128), *rope_tables()]),
    "softmax-cuda-rows": (lambda x: torch.softmax(x, -1), lambda: [randn(16384, 8192)]),
    "layernorm-cuda-rows": (lambda x, w, b: F.layer_norm(x, [8192], w, b, 1e-5), lambda: [randn(16384, 8192), randn(8192), randn(8192)]),
    "gelu-cuda-vec4": (lambda x: F.gelu(x), lambda: [randn(16384, 8192)]),
    "rowsum-cuda-rows": (lambda x: x.sum(-1), lambda: [randn(16384, 8192)]),
    "swish-mul-add-cuda-vec4": (lambda x, y, z: x * torch.sigmoid(x) * y + z, lambda: [randn(16384, 8192), randn(16384, 8192), randn(16384, 8192)]),
    "layernorm-gelu-cuda-rows": (lambda x, w, b: F.gelu(F.layer_norm(x, [8192], w, b, 1e-5)), lambda: [randn(16384, 8192), randn(8192), randn(8192)]),
    "bias-relu-cuda-vec4": (lambda x, b: torch.relu(x + b), lambda: [randn(16384, 8192), randn(8192)]),
}


def measure(subjects, flush, warmup, samples):
    for run in subjects:
        for _ in range(warmup):
            run()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    times = [[] for _ in subjects]
    for s in range(samples):
        for k in range(len(subjects)):
            index = k if s % 2 == 0 else len(subjects) - 1 - k
            flush.fill_(s + k)
            start.record()
            out = subjects[index]()
            end.record()
            end.synchronize()
            times[index].append(start.elapsed_time(end))
            del out
    return times


def report_head(tool, args, compile_note):
    """The report's head (tool, date, device, protocol) and the L2 flush buffer: max(256 MiB, 4 x L2)."""
    props = torch.cuda.get_device_properties(0)
    l2 = getattr(props, "L2_cache_size", 50 << 20)
    flush = torch.empty(max(256 << 20, 4 * l2) // 4, device="cuda")
    report = {
        "tool": tool,
        "dateUtc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "device": {"name": props.name, "multiprocessors": props.multi_processor_count, "l2CacheBytes": l2, "torch": torch.__version__, "cuda": torch.version.cuda},
        "protocol": {"warmupRuns": args.warmup, "samples": args.samples, "l2FlushBytes": flush.numel() * 4, "compile": compile_note},
        "problems": {},
    }
    return report, flush


def eager_and_compiled(reference, inputs, flush, warmup, samples):
    """Compiles reference (default mode, dynamic=False), compares it with eager where both outputs are finite, then
    times both interleaved; returns the problem's record with every sample."""
    compiled = torch.compile(reference, dynamic=False)
    started = time.time()
    with torch.no_grad():
        expected = reference(*inputs)
        got = compiled(*inputs)
        torch.cuda.synchronize()
        compile_seconds = time.time() - started
        max_diff = (expected - got).abs().masked_fill(~(expected.isfinite() & got.isfinite()), 0).max().item()
        del expected, got
        times = measure([lambda: reference(*inputs), lambda: compiled(*inputs)], flush, warmup, samples)
    return {
        "eagerMedianMs": statistics.median(times[0]),
        "compiledMedianMs": statistics.median(times[1]),
        "compileSeconds": round(compile_seconds, 1),
        "compiledMaxAbsDiffVsEager": max_diff,
        "eagerSamplesMs": [round(t, 5) for t in times[0]],
        "compiledSamplesMs": [round(t, 5) for t in times[1]],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))

    report, flush = report_head("scripts/cuda_baselines.py", args, "torch.compile(fn) default mode (inductor), dynamic=False")
    props = torch.cuda.get_device_properties(0)

    source = torch.randn(1 << 28, device="cuda")
    copy_times = measure([lambda: source.clone()], flush, args.warmup, args.samples)[0]
    report["copyPeak"] = {"torchCloneMedianMs": statistics.median(copy_times), "torchCloneGBs": 2 * source.numel() * 4 / statistics.median(copy_times) / 1e6, "samplesMs": copy_times}
    del source
    print(f"device {props.name}, torch {torch.__version__}; torch clone {report['copyPeak']['torchCloneGBs']:.0f} GB/s", flush=True)

    for variant, (reference, make_inputs) in PROBLEMS.items():
        if only and variant not in only:
            continue
        torch.manual_seed(20261126)
        inputs = make_inputs()
        record = report["problems"][variant] = eager_and_compiled(reference, inputs, flush, args.warmup, args.samples)
        eager_ms, compiled_ms = record["eagerMedianMs"], record["compiledMedianMs"]
        print(f"{variant:28s} eager {eager_ms:8.3f} ms  compiled {compiled_ms:8.3f} ms  ({eager_ms / compiled_ms:.2f}x, compile {record['compileSeconds']:.0f} s, max |diff| {record['compiledMaxAbsDiffVsEager']:.2e})", flush=True)
        del inputs
        torch.cuda.empty_cache()

    with open(f"{args.out}/cuda-baselines.json", "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
