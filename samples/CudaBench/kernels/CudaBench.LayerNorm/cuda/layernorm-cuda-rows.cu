// LayerNorm over rows of 8192 floats (eps 1e-5, biased variance, as torch.nn.functional.layer_norm) with weight and bias.
// One block of 256 threads per row, 32 values per thread in registers: x is read once and out written once.
// Mean first, then the variance from the values in registers (two-pass accuracy, no extra memory traffic).
// kernelgen:launch grid=N block=256

#define COLS 8192
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
    __syncthreads(); // scratch is reused by the next reduction
    return v;
}

__device__ __forceinline__ float finish(float v, float mean, float rstd, float w, float b)
{
    const float r = (v - mean) * rstd * w + b;
    return r;
}

extern "C" __global__ void __launch_bounds__(THREADS) layernorm_rows(const float* __restrict__ x, const float* __restrict__ weight, const float* __restrict__ bias, float* __restrict__ out, long long rows)
{
    __shared__ float scratch[THREADS / 32];
    const long long row = blockIdx.x;
    if (row >= rows) return;
    const float4* in = reinterpret_cast<const float4*>(x + row * COLS);
    const float4* w = reinterpret_cast<const float4*>(weight);
    const float4* b = reinterpret_cast<const float4*>(bias);
    float4* o = reinterpret_cast<float4*>(out + row * COLS);

    float4 v[VECS];
#pragma unroll
    for (int i = 0; i < VECS; i++) v[i] = in[threadIdx.x + i * THREADS];
    float sum = 0.0f;
#pragma unroll
    for (int i = 0; i < VECS; i++) sum += (v[i].x + v[i].y) + (v[i].z + v[i].w);
    const float mean = block_sum(sum, scratch) / COLS;
    float squares = 0.0f;
#pragma unroll
    for (int i = 0; i < VECS; i++)
    {
        const float dx = v[i].x - mean, dy = v[i].y - mean, dz = v[i].z - mean, dw = v[i].w - mean;
        squares += (dx * dx + dy * dy) + (dz * dz + dw * dw);
    }
    const float rstd = rsqrtf(block_sum(squares, scratch) / COLS + 1e-5f);
#pragma unroll
    for (int i = 0; i < VECS; i++)
    {
        const float4 g = w[threadIdx.x + i * THREADS];
        const float4 h = b[threadIdx.x + i * THREADS];
        float4 r;
        r.x = finish(v[i].x, mean, rstd, g.x, h.x);
        r.y = finish(v[i].y, mean, rstd, g.y, h.y);
        r.z = finish(v[i].z, mean, rstd, g.z, h.z);
        r.w = finish(v[i].w, mean, rstd, g.w, h.w);
        o[threadIdx.x + i * THREADS] = r;
    }
}
