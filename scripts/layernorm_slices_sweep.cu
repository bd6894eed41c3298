// Times the L1-40 LayerNorm kernel (samples/KernelBench/kernels/KernelBench.Level1.P40_LayerNorm/cuda/) at the v0.1
// size, x [16, 64, 256, 256], for one value of SLICES (blocks per row); scripts/layernorm_slices_sweep.sh runs several.
// Median of 20 launches after 3 warm-ups, CUDA events; inputs hashed to [0, 1). Timing only: the kernel is verified
// by `CudaBench kernelbench`.
#include <algorithm>
#include <cstdio>
#include <vector>
#include <cuda_runtime.h>

__global__ void fill(float* p, long long n, unsigned seed)
{
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    {
        unsigned h = (unsigned)i * 2654435761u ^ seed;
        h ^= h >> 13;
        h *= 0x5bd1e995u;
        h ^= h >> 15;
        p[i] = (h & 0xffffff) / 16777216.0f;
    }
}

int main()
{
    const long long batch = 16;
    float *x, *weight, *bias, *out;
    cudaMalloc(&x, batch * N * 4);
    cudaMalloc(&weight, N * 4);
    cudaMalloc(&bias, N * 4);
    cudaMalloc(&out, batch * N * 4);
    fill<<<1024, 256>>>(x, batch * N, 1);
    fill<<<1024, 256>>>(weight, N, 2);
    fill<<<1024, 256>>>(bias, N, 3);
    cudaEvent_t start, stop;
    cudaEventCreate(&start);
    cudaEventCreate(&stop);
    std::vector<float> times;
    for (int i = 0; i < 23; i++)
    {
        cudaEventRecord(start);
        layernorm_slices<<<batch * SLICES, THREADS>>>(x, weight, bias, out, batch);
        cudaEventRecord(stop);
        cudaEventSynchronize(stop);
        float ms;
        cudaEventElapsedTime(&ms, start, stop);
        if (i >= 3) times.push_back(ms);
    }
    std::sort(times.begin(), times.end());
    const float median = times[times.size() / 2];
    // Compulsory bytes: read x, weight and bias once, write the output once.
    printf("SLICES=%d: median %.4f ms (min %.4f, max %.4f), %.0f GB/s of compulsory bytes (%s)\n", SLICES, median, times.front(),
        times.back(), (2.0 * batch * N + 2.0 * N) * 4 / median / 1e6, cudaGetErrorString(cudaGetLastError()));
    return 0;
}
