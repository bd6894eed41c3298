// Hand-written. KernelBench L1-40 LayerNorm: nn.LayerNorm((64, 256, 256)) on x [B, 64, 256, 256] (eps 1e-5,
// elementwise weight and bias [64, 256, 256], the module's state, whose shape fixes the row length N = 4 Mi); v0.1:
// B = 16. Eager gives each row one block, which leaves most SMs idle. Here each row gets SLICES blocks: every block
// computes its row's full mean and variance itself (sum and sum of squares, each float4's four terms in float, then
// in double, combined by a fixed-order block reduction: all blocks of a row sum in the same order and get
// bitwise-identical statistics, with no cross-block communication and no spin-wait), then normalises only its own
// slice of the row. The redundant statistics reads of a row's blocks run at about the same time and mostly hit L2;
// DRAM sees about one read of x, weight and bias and one write.
// kernelgen:launch grid=B*8 block=1024

// Blocks per row; the launch line's grid must agree. (A timing sweep compiles other values with -DSLICES.)
#ifndef SLICES
#define SLICES 8
#endif
#define THREADS 1024
#define N (64LL * 256 * 256)
#define EPS 1e-5

__device__ __forceinline__ void accumulate(float4 q, double& sum, double& squares)
{
    sum += (double)((q.x + q.y) + (q.z + q.w));
    squares += (double)((q.x * q.x + q.y * q.y) + (q.z * q.z + q.w * q.w));
}

// The block's total, in a fixed order (a shuffle tree per warp, then warp 0 over the warps' totals).
__device__ __forceinline__ double block_sum(double v, double* scratch)
{
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = scratch[lane];
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
    return v;
}

extern "C" __global__ void __launch_bounds__(THREADS) layernorm_slices(const float* __restrict__ x, const float* __restrict__ weight,
    const float* __restrict__ bias, float* __restrict__ out, long long batch)
{
    __shared__ double scratch[THREADS / 32];
    const long long row = blockIdx.x / SLICES;
    const long long slice = blockIdx.x % SLICES;
    if (row >= batch) return;
    const float* in = x + row * N;
    float* o = out + row * N;

    // N / 4 float4 per row, a multiple of 4 * THREADS: four independent loads in flight per thread.
    const float4* in4 = reinterpret_cast<const float4*>(in);
    double sum = 0.0, squares = 0.0;
    for (long long i = threadIdx.x; i < N / 4; i += 4 * THREADS)
    {
        const float4 a = in4[i], b = in4[i + THREADS], c = in4[i + 2 * THREADS], d = in4[i + 3 * THREADS];
        accumulate(a, sum, squares);
        accumulate(b, sum, squares);
        accumulate(c, sum, squares);
        accumulate(d, sum, squares);
    }
    sum = block_sum(sum, scratch);
    squares = block_sum(squares, scratch);
    const double mean = sum / (double)N;
    const double raw = squares / (double)N - mean * mean;
    const double variance = raw < 0.0 ? 0.0 : raw; // rounding can go below 0; NaN stays NaN (fmax would drop it)
    const float meanf = (float)mean;
    const float rstd = (float)(1.0 / sqrt(variance + EPS));

    // This block's slice of the row: N / 4 / SLICES float4 (SLICES divides N / 4).
    const float4* w4 = reinterpret_cast<const float4*>(weight);
    const float4* b4 = reinterpret_cast<const float4*>(bias);
    float4* o4 = reinterpret_cast<float4*>(o);
    const long long begin = slice * (N / 4 / SLICES), end = begin + N / 4 / SLICES;
    for (long long i = begin + threadIdx.x; i < end; i += THREADS)
    {
        const float4 v = in4[i], w = w4[i], b = b4[i];
        o4[i] = make_float4((v.x - meanf) * rstd * w.x + b.x, (v.y - meanf) * rstd * w.y + b.y,
                            (v.z - meanf) * rstd * w.z + b.z, (v.w - meanf) * rstd * w.w + b.w);
    }
}
