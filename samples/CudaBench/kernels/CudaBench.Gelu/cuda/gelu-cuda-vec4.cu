// GELU, erf form (torch.nn.functional.gelu default): 0.5 * x * (1 + erf(x / sqrt(2))), elementwise over M x D.
// Each thread handles 4 consecutive elements with one 16-byte load and store (pointers are 16-byte aligned by
// the ABI), or 4 scalar accesses for the last partial group.
// kernelgen:launch grid=M*D/1024 block=256

__device__ __forceinline__ float gelu(float v) { return 0.5f * v * (1.0f + erff(v * 0.70710678118654752440f)); }

extern "C" __global__ void gelu_vec4(const float* __restrict__ x, float* __restrict__ out, long long m, long long d)
{
    const long long n = m * d;
    const long long base = ((long long)blockIdx.x * blockDim.x + threadIdx.x) * 4;
    if (base >= n) return;
    if (base + 3 < n)
    {
        const float4 v = *reinterpret_cast<const float4*>(x + base);
        float4 r;
        r.x = gelu(v.x);
        r.y = gelu(v.y);
        r.z = gelu(v.z);
        r.w = gelu(v.w);
        *reinterpret_cast<float4*>(out + base) = r;
        return;
    }
    for (long long i = base; i < n; i++) out[i] = gelu(x[i]);
}
