// x * sigmoid(x) * y + z, elementwise over M x D: three reads and one write instead of eager's four passes
// with three intermediates. 16-byte accesses, 4 elements per thread.
// kernelgen:launch grid=M*D/1024 block=256

__device__ __forceinline__ float swish_mul_add(float a, float b, float c) { return a * (1.0f / (1.0f + expf(-a))) * b + c; }

extern "C" __global__ void swish_mul_add_vec4(const float* __restrict__ x, const float* __restrict__ y, const float* __restrict__ z, float* __restrict__ out, long long m, long long d)
{
    const long long n = m * d;
    const long long base = ((long long)blockIdx.x * blockDim.x + threadIdx.x) * 4;
    if (base >= n) return;
    if (base + 3 < n)
    {
        const float4 a = *reinterpret_cast<const float4*>(x + base);
        const float4 b = *reinterpret_cast<const float4*>(y + base);
        const float4 c = *reinterpret_cast<const float4*>(z + base);
        float4 r;
        r.x = swish_mul_add(a.x, b.x, c.x);
        r.y = swish_mul_add(a.y, b.y, c.y);
        r.z = swish_mul_add(a.z, b.z, c.z);
        r.w = swish_mul_add(a.w, b.w, c.w);
        *reinterpret_cast<float4*>(out + base) = r;
        return;
    }
    for (long long i = base; i < n; i++) out[i] = swish_mul_add(x[i], y[i], z[i]);
}
