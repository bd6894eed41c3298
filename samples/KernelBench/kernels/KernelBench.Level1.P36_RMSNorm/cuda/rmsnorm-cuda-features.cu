// Hand-written. KernelBench L1-36 RMSNorm: x / sqrt(mean(x^2 over the 64 features) + 1e-5) on [B, 64, H, W].
// The reduction runs over a strided dim (stride H*W), so each thread owns one (b, h, w) position: it loads its
// 64 features into registers (64 independent loads in flight; consecutive threads read consecutive addresses, so
// each warp load is one 128-byte line), sums the squares in order, and writes the 64 quotients. One read and one
// write of x; eager's pow, mean, add, sqrt and divide read x twice and write three full-size intermediates.
// kernelgen:launch grid=B*H*W/256 block=256

#define FEATURES 64

extern "C" __global__ void __launch_bounds__(256) rmsnorm_features(const float* __restrict__ x, float* __restrict__ out, long long b, long long h, long long w)
{
    const long long plane = h * w;
    const long long position = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (position >= b * plane) return;
    const long long batch = position / plane, offset = position - batch * plane;
    const float* in = x + batch * FEATURES * plane + offset;
    float* o = out + batch * FEATURES * plane + offset;

    float v[FEATURES];
#pragma unroll
    for (int f = 0; f < FEATURES; f++) v[f] = in[f * plane];
    float sum = 0.0f;
#pragma unroll
    for (int f = 0; f < FEATURES; f++) sum += v[f] * v[f];
    const float rms = sqrtf(sum / FEATURES + 1e-5f);
#pragma unroll
    for (int f = 0; f < FEATURES; f++) o[f * plane] = v[f] / rms;
}
