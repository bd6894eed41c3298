// Hand-written. KernelBench L1-89 cumsum: torch.cumsum(x, dim=1) on [R, C] (v0.1: 32768 x 32768, 128 KiB per row).
// One block of 256 threads per row walks the row in steps of 2048 elements with a running carry: each thread loads
// two float4 (consecutive threads on consecutive 16-byte words, so every warp load is four full lines; scalar loads
// when C is not a multiple of 4 or at the row's end), scans its four values, and a warp scan plus a fixed-order sum
// of the eight warp totals give each value its prefix. Everything from the loaded floats on is summed in double and
// rounded once, so the result is more accurate than a float32 scan and does not depend on scheduling. The ABI caps
// shared memory at 48 KiB, less than a 128 KiB row, hence the carry instead of a row held in shared memory.
// Read once, write once, as eager's scan.
// kernelgen:launch grid=R block=256

#define THREADS 256
#define WARPS (THREADS / 32)
#define HALF (THREADS * 4)

__device__ __forceinline__ void load4(const float* in, long long j, long long cols, bool vector, float v[4])
{
    if (vector && j + 3 < cols)
    {
        const float4 q = *reinterpret_cast<const float4*>(in + j);
        v[0] = q.x; v[1] = q.y; v[2] = q.z; v[3] = q.w;
        return;
    }
#pragma unroll
    for (int k = 0; k < 4; k++) v[k] = j + k < cols ? in[j + k] : 0.0f;
}

__device__ __forceinline__ void store4(float* o, long long j, long long cols, bool vector, const double s[4])
{
    if (vector && j + 3 < cols)
    {
        *reinterpret_cast<float4*>(o + j) = make_float4((float)s[0], (float)s[1], (float)s[2], (float)s[3]);
        return;
    }
#pragma unroll
    for (int k = 0; k < 4; k++)
        if (j + k < cols) o[j + k] = (float)s[k];
}

// The sum of the values of the lanes below this one (0 on lane 0), by a fixed shuffle tree.
__device__ __forceinline__ double warp_exclusive_scan(double v)
{
    const int lane = threadIdx.x & 31;
    for (int offset = 1; offset < 32; offset <<= 1)
    {
        const double below = __shfl_up_sync(0xffffffffu, v, offset);
        if (lane >= offset) v += below;
    }
    const double exclusive = __shfl_up_sync(0xffffffffu, v, 1);
    return lane == 0 ? 0.0 : exclusive;
}

extern "C" __global__ void __launch_bounds__(THREADS) cumsum_rows(const float* __restrict__ x, float* __restrict__ out, long long rows, long long cols)
{
    __shared__ double warp_totals[2][WARPS];
    const long long row = blockIdx.x;
    if (row >= rows) return;
    const float* in = x + row * cols;
    float* o = out + row * cols;
    const bool vector = (cols & 3) == 0;
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    double carry = 0.0;

    for (long long base = 0; base < cols; base += 2 * HALF)
    {
        const long long j0 = base + 4 * threadIdx.x, j1 = j0 + HALF;
        float v0[4], v1[4];
        load4(in, j0, cols, vector, v0);
        load4(in, j1, cols, vector, v1);
        double s0[4], s1[4];
        s0[0] = v0[0];
        s1[0] = v1[0];
#pragma unroll
        for (int k = 1; k < 4; k++)
        {
            s0[k] = s0[k - 1] + v0[k];
            s1[k] = s1[k - 1] + v1[k];
        }
        const double below0 = warp_exclusive_scan(s0[3]), below1 = warp_exclusive_scan(s1[3]);
        if (lane == 31)
        {
            warp_totals[0][warp] = below0 + s0[3];
            warp_totals[1][warp] = below1 + s1[3];
        }
        __syncthreads();
        double before0 = 0.0, before1 = 0.0, total0 = 0.0, total1 = 0.0;
#pragma unroll
        for (int w = 0; w < WARPS; w++)
        {
            const double t0 = warp_totals[0][w], t1 = warp_totals[1][w];
            if (w < warp) { before0 += t0; before1 += t1; }
            total0 += t0;
            total1 += t1;
        }
        __syncthreads();
        const double offset0 = (carry + before0) + below0, offset1 = ((carry + total0) + before1) + below1;
#pragma unroll
        for (int k = 0; k < 4; k++)
        {
            s0[k] += offset0;
            s1[k] += offset1;
        }
        store4(o, j0, cols, vector, s0);
        store4(o, j1, cols, vector, s1);
        carry = (carry + total0) + total1;
    }
}
