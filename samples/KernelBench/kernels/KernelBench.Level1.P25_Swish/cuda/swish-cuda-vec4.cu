// Hand-written. KernelBench L1-25 Swish: x * sigmoid(x), elementwise over R x C. Eager runs sigmoid, then a
// multiply that reads x again: two reads and two writes of the tensor; this is one read and one write.
// 16-byte accesses, 4 elements per thread; 64-bit indices (the v0.1 size has 1.6e9 elements).
// kernelgen:launch grid=R*C/1024 block=256

__device__ __forceinline__ float swish(float a) { return a * (1.0f / (1.0f + expf(-a))); }

extern "C" __global__ void swish_vec4(const float* __restrict__ x, float* __restrict__ out, long long r, long long c)
{
    const long long n = r * c;
    const long long base = ((long long)blockIdx.x * blockDim.x + threadIdx.x) * 4;
    if (base >= n) return;
    if (base + 3 < n)
    {
        const float4 a = *reinterpret_cast<const float4*>(x + base);
        *reinterpret_cast<float4*>(out + base) = make_float4(swish(a.x), swish(a.y), swish(a.z), swish(a.w));
        return;
    }
    for (long long i = base; i < n; i++) out[i] = swish(x[i]);
}
