// Sum of each row of 8192 floats: out[N] = x.sum(-1). One block of 256 threads per row, 8 float4 loads per
// thread in flight, a fixed-order (deterministic) block reduction, one store per row.
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

extern "C" __global__ void __launch_bounds__(THREADS) rowsum_rows(const float* __restrict__ x, float* __restrict__ out, long long rows)
{
    __shared__ float scratch[THREADS / 32];
    const long long row = blockIdx.x;
    if (row >= rows) return;
    const float4* in = reinterpret_cast<const float4*>(x + row * COLS);
    float4 v[VECS];
#pragma unroll
    for (int i = 0; i < VECS; i++) v[i] = in[threadIdx.x + i * THREADS];
    float sum = 0.0f;
#pragma unroll
    for (int i = 0; i < VECS; i++) sum += (v[i].x + v[i].y) + (v[i].z + v[i].w);
    sum = block_sum(sum, scratch);
    if (threadIdx.x == 0) out[row] = sum;
}
