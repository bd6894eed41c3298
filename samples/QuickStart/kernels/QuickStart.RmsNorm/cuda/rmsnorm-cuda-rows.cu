// RMSNorm over rows of 4096 floats: out = x * rsqrt(mean(x^2) + 1e-6) * weight.
// One block of 256 threads per row; each thread keeps its 16 values in registers (4 float4 loads issued
// back to back), so x is read once and out written once. Deterministic: a fixed-order block reduction.
// kernelgen:launch grid=N block=256

#define COLS 4096
#define THREADS 256
#define VECS (COLS / 4 / THREADS)

__device__ __forceinline__ float block_sum(float v, float* scratch)
{
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = lane < THREADS / 32 ? scratch[lane] : 0.0f;
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
    return v;
}

extern "C" __global__ void __launch_bounds__(THREADS) rmsnorm_rows(const float* __restrict__ x, const float* __restrict__ weight, float* __restrict__ out, long long rows)
{
    __shared__ float scratch[THREADS / 32];
    const long long row = blockIdx.x;
    if (row >= rows) return;
    const float4* in = reinterpret_cast<const float4*>(x + row * COLS);
    const float4* w = reinterpret_cast<const float4*>(weight);
    float4* o = reinterpret_cast<float4*>(out + row * COLS);

    float4 v[VECS];
#pragma unroll
    for (int i = 0; i < VECS; i++) v[i] = *(in + threadIdx.x + i * THREADS);
    float sum = 0.0f;
#pragma unroll
    for (int i = 0; i < VECS; i++) sum += v[i].x * v[i].x + v[i].y * v[i].y + v[i].z * v[i].z + v[i].w * v[i].w;
    const float scale = rsqrtf(block_sum(sum, scratch) / COLS + 1e-6f);
#pragma unroll
    for (int i = 0; i < VECS; i++)
    {
        const float4 g = w[threadIdx.x + i * THREADS];
        float4 r;
        r.x = v[i].x * scale * g.x;
        r.y = v[i].y * scale * g.y;
        r.z = v[i].z * scale * g.z;
        r.w = v[i].w * scale * g.w;
        *(o + threadIdx.x + i * THREADS) = r;
    }
}
