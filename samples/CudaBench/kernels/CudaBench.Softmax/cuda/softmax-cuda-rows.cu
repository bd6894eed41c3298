// Softmax over rows of 8192 floats. One block of 256 threads per row; each thread keeps its 32 values in
// registers (8 float4 loads in flight), so x is read once and out written once: max, then sum of exp(x - max),
// then exp(x - max) / sum. The max propagates NaN like torch.max; a row with +inf gives NaN, as in PyTorch.
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

__device__ __forceinline__ float nan_max(float a, float b) { return (a > b || a != a) ? a : b; }

__device__ __forceinline__ float block_max(float v, float* scratch)
{
    for (int offset = 16; offset > 0; offset >>= 1) v = nan_max(v, __shfl_xor_sync(0xffffffffu, v, offset));
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = lane < THREADS / 32 ? scratch[lane] : __int_as_float(0xff800000);
    for (int offset = 16; offset > 0; offset >>= 1) v = nan_max(v, __shfl_xor_sync(0xffffffffu, v, offset));
    __syncthreads();
    return v;
}

extern "C" __global__ void __launch_bounds__(THREADS) softmax_rows(const float* __restrict__ x, float* __restrict__ out, long long rows)
{
    __shared__ float scratch[THREADS / 32];
    const long long row = blockIdx.x;
    if (row >= rows) return;
    const float4* in = reinterpret_cast<const float4*>(x + row * COLS);
    float4* o = reinterpret_cast<float4*>(out + row * COLS);

    float4 v[VECS];
#pragma unroll
    for (int i = 0; i < VECS; i++) v[i] = in[threadIdx.x + i * THREADS];
    float m = __int_as_float(0xff800000);
#pragma unroll
    for (int i = 0; i < VECS; i++) m = nan_max(nan_max(nan_max(nan_max(m, v[i].x), v[i].y), v[i].z), v[i].w);
    m = block_max(m, scratch);
    float sum = 0.0f;
#pragma unroll
    for (int i = 0; i < VECS; i++)
    {
        v[i].x = expf(v[i].x - m);
        v[i].y = expf(v[i].y - m);
        v[i].z = expf(v[i].z - m);
        v[i].w = expf(v[i].w - m);
        sum += (v[i].x + v[i].y) + (v[i].z + v[i].w);
    }
    sum = block_sum(sum, scratch);
#pragma unroll
    for (int i = 0; i < VECS; i++)
    {
        float4 r;
        r.x = v[i].x / sum;
        r.y = v[i].y / sum;
        r.z = v[i].z / sum;
        r.w = v[i].w / sum;
        o[threadIdx.x + i * THREADS] = r;
    }
}
