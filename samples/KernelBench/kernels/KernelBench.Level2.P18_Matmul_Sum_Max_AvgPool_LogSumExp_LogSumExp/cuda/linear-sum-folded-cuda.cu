// Hand-written. KernelBench L2-18 Matmul_Sum_Max_AvgPool_LogSumExp_LogSumExp: linear(x) summed over dim 1 (keepdim), then
// max, mean and two logsumexp over that dim of size 1, each of which returns its single element unchanged, on
// x [N, 8192], W [8192, 8192], b [8192] (v0.1: N = 1024). The speedup comes from the math, not from a faster GEMM:
// sum_h (x[r,:] . W[h,:] + b[h]) = x[r,:] . colsum(W) + sum(b), so one read of W (column sums) and one read of x replace
// the 1024 x 8192 x 8192 GEMM (as the CPU variant linear-sum-folded).
//
// One launch (the ABI), the design of gemm-sum-folded-cuda (L2-14): block c of 128 owns columns [64c, 64c + 64),
// sums them over all 8192 rows of W (8 rows per step added in float, then into double accumulators; the 64 row groups
// combined in a fixed order), takes each row's dot product with x[r, 64c .. 64c + 63] in double and stores it in the
// module-scope scratch partial_dots[c][r]. The last block to finish (an atomic counter after __threadfence, as CUDA's
// threadFenceReduction sample) sums b in double in a fixed order, adds the 128 partials of each row in order of c
// plus sum(b) and rounds once to float; it resets the counter for the next launch. Every sum has a fixed order, so the
// output is bitwise deterministic; no floating-point atomics.
//
// The scratch is sized for N <= 1024 (the verified domain). It is safe because KernelGen loads one module per variant
// and device and launches on the legacy default stream, so two launches of this kernel on one device never overlap
// (docs/kernelbench.md, "The fold on the GPU").
// kernelgen:launch grid=128 block=1024

#define IN 8192
#define HIDDEN 8192
#define COLS 64
#define CHUNKS (IN / COLS)
#define THREADS 1024
#define LANES (COLS / 4)
#define GROUPS (THREADS / LANES)
#define ROW_STEP 8
#define MAX_ROWS 1024

__device__ double partial_dots[CHUNKS * MAX_ROWS];
__device__ unsigned int blocks_done;

__device__ __forceinline__ float4 add4(float4 a, float4 b) { return make_float4(a.x + b.x, a.y + b.y, a.z + b.z, a.w + b.w); }

extern "C" __global__ void __launch_bounds__(THREADS, 1) linear_sum_folded(const float* __restrict__ x, const float* __restrict__ weight, const float* __restrict__ bias, float* __restrict__ out, long long rows)
{
    __shared__ double group_sums[GROUPS][COLS];
    __shared__ double column_sums[COLS];
    __shared__ bool last_block;
    __shared__ double warp_sums[THREADS / 32];
    const int chunk = blockIdx.x;
    const int lane = threadIdx.x % LANES;
    const int group = threadIdx.x / LANES;

    const float4* w = reinterpret_cast<const float4*>(weight + chunk * COLS) + lane;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int h = group; h < HIDDEN; h += ROW_STEP * GROUPS)
    {
        float4 v[ROW_STEP];
#pragma unroll
        for (int k = 0; k < ROW_STEP; k++) v[k] = w[(long long)(h + k * GROUPS) * (IN / 4)];
        const float4 step = add4(add4(add4(v[0], v[1]), add4(v[2], v[3])), add4(add4(v[4], v[5]), add4(v[6], v[7])));
        s0 += step.x;
        s1 += step.y;
        s2 += step.z;
        s3 += step.w;
    }
    group_sums[group][lane * 4] = s0;
    group_sums[group][lane * 4 + 1] = s1;
    group_sums[group][lane * 4 + 2] = s2;
    group_sums[group][lane * 4 + 3] = s3;
    __syncthreads();
    if (threadIdx.x < COLS)
    {
        double sum = 0;
        for (int g = 0; g < GROUPS; g++) sum += group_sums[g][threadIdx.x];
        column_sums[threadIdx.x] = sum;
    }
    __syncthreads();

    const double c0 = column_sums[lane * 4], c1 = column_sums[lane * 4 + 1], c2 = column_sums[lane * 4 + 2], c3 = column_sums[lane * 4 + 3];
    const float4* xs = reinterpret_cast<const float4*>(x + chunk * COLS) + lane;
    for (long long base = 0; base < rows; base += 4 * GROUPS)
    {
        float4 v[4];
#pragma unroll
        for (int k = 0; k < 4; k++)
        {
            const long long r = base + k * GROUPS + group;
            v[k] = r < rows ? xs[r * (IN / 4)] : make_float4(0.0f, 0.0f, 0.0f, 0.0f);
        }
#pragma unroll
        for (int k = 0; k < 4; k++)
        {
            double d = (double)v[k].x * c0 + (double)v[k].y * c1 + (double)v[k].z * c2 + (double)v[k].w * c3;
            for (int offset = LANES / 2; offset > 0; offset >>= 1) d += __shfl_xor_sync(0xffffffffu, d, offset, LANES);
            const long long r = base + k * GROUPS + group;
            if (lane == 0 && r < rows) partial_dots[chunk * MAX_ROWS + r] = d;
        }
    }

    // The last block to arrive sees every other block's partials (each writer fences before the count).
    __threadfence();
    __syncthreads();
    if (threadIdx.x == 0) last_block = atomicAdd(&blocks_done, 1u) == gridDim.x - 1;
    __syncthreads();
    if (!last_block) return;
    __threadfence();
    double b = 0;
#pragma unroll
    for (int k = 0; k < HIDDEN / THREADS; k++) b += bias[threadIdx.x * (HIDDEN / THREADS) + k];
    for (int offset = 16; offset > 0; offset >>= 1) b += __shfl_xor_sync(0xffffffffu, b, offset);
    if (threadIdx.x % 32 == 0) warp_sums[threadIdx.x / 32] = b;
    __syncthreads();
    b = warp_sums[threadIdx.x % 32];
    for (int offset = 16; offset > 0; offset >>= 1) b += __shfl_xor_sync(0xffffffffu, b, offset);
    if (threadIdx.x < rows)
    {
        double total = 0;
        for (int c = 0; c < CHUNKS; c++) total += __ldcg(&partial_dots[c * MAX_ROWS + threadIdx.x]);
        out[threadIdx.x] = (float)(total + b);
    }
    if (threadIdx.x == 0) blocks_done = 0;
}
