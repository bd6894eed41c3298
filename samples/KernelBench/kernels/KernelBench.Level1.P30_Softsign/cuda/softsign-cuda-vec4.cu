// Hand-written. KernelBench L1-30 Softsign: x / (1 + |x|), elementwise over R x C. Eager runs abs, add and
// divide (three reads and three writes of the tensor); this is one read and one write, same operations in the
// same order. 16-byte accesses, 4 elements per thread; 64-bit indices.
// kernelgen:launch grid=R*C/1024 block=256

__device__ __forceinline__ float softsign(float a) { return a / (1.0f + fabsf(a)); }

extern "C" __global__ void softsign_vec4(const float* __restrict__ x, float* __restrict__ out, long long r, long long c)
{
    const long long n = r * c;
    const long long base = ((long long)blockIdx.x * blockDim.x + threadIdx.x) * 4;
    if (base >= n) return;
    if (base + 3 < n)
    {
        const float4 a = *reinterpret_cast<const float4*>(x + base);
        *reinterpret_cast<float4*>(out + base) = make_float4(softsign(a.x), softsign(a.y), softsign(a.z), softsign(a.w));
        return;
    }
    for (long long i = base; i < n; i++) out[i] = softsign(x[i]);
}
