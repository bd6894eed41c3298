// Hand-written. KernelBench L1-38 L1Norm: x / mean(|x|, dim=1) on [R, C] (v0.1: 32768 x 65535, 256 KiB per row).
// One block of 1024 threads per row. Each thread holds its first 32 values of the row in registers (32 independent
// loads in flight; consecutive threads on consecutive addresses, so every warp load is one 128-byte line; C is odd at
// v0.1, so rows are not 16-byte aligned and loads are scalar) and streams the rest of the row, summing |x| with four
// accumulators; a fixed-order block reduction gives the mean (deterministic). The output is written from the
// registers, and the streamed part is read a second time: with ~50 registers per thread one block fits per SM, so
// the 132 resident rows' second halves (17 MiB) are still in the 50 MiB L2 and DRAM sees about one read and one write.
// Eager runs abs, mean and a divide: about three reads and two writes of the tensor.
// kernelgen:launch grid=R block=1024

#define THREADS 1024
#define HELD 32

__device__ __forceinline__ float block_sum(float v, float* scratch)
{
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = scratch[lane];
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
    return v;
}

__device__ __forceinline__ float term(float v) { return fabsf(v); }

extern "C" __global__ void __launch_bounds__(THREADS, 1) l1norm_rows(const float* __restrict__ x, float* __restrict__ out, long long rows, long long cols)
{
    __shared__ float scratch[THREADS / 32];
    const long long row = blockIdx.x;
    if (row >= rows) return;
    const float* in = x + row * cols;
    float* o = out + row * cols;

    float v[HELD];
#pragma unroll
    for (int i = 0; i < HELD; i++)
    {
        const long long j = threadIdx.x + (long long)i * THREADS;
        v[i] = j < cols ? in[j] : 0.0f;
    }
    float a[4] = { 0.0f, 0.0f, 0.0f, 0.0f };
#pragma unroll
    for (int i = 0; i < HELD; i++) a[i & 3] += term(v[i]);
    const long long streamed = (long long)HELD * THREADS + threadIdx.x;
    long long j = streamed;
    for (; j + 3 * THREADS < cols; j += 4 * THREADS)
    {
        a[0] += term(in[j]);
        a[1] += term(in[j + THREADS]);
        a[2] += term(in[j + 2 * THREADS]);
        a[3] += term(in[j + 3 * THREADS]);
    }
    for (; j < cols; j += THREADS) a[0] += term(in[j]);
    const float denominator = block_sum((a[0] + a[1]) + (a[2] + a[3]), scratch) / (float)cols;

#pragma unroll
    for (int i = 0; i < HELD; i++)
    {
        const long long k = threadIdx.x + (long long)i * THREADS;
        if (k < cols) o[k] = v[i] / denominator;
    }
    for (j = streamed; j + 3 * THREADS < cols; j += 4 * THREADS)
    {
        const float v0 = in[j], v1 = in[j + THREADS], v2 = in[j + 2 * THREADS], v3 = in[j + 3 * THREADS];
        o[j] = v0 / denominator;
        o[j + THREADS] = v1 / denominator;
        o[j + 2 * THREADS] = v2 / denominator;
        o[j + 3 * THREADS] = v3 / denominator;
    }
    for (; j < cols; j += THREADS) o[j] = in[j] / denominator;
}
