// Hand-written. KernelBench L1-88 MinGPTNewGelu: 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3))),
// elementwise over R x C. Eager runs seven kernels (each reading and writing the whole tensor); this is one read
// and one write, the same float operations in eager's order (x^3 as x*x*x, as ATen's pow does for exponent 3).
// kernelgen:launch grid=R*C/1024 block=256

__device__ __forceinline__ float new_gelu(float a)
{
    const float inner = 0.7978845608028654f * (a + 0.044715f * (a * a * a));
    return (0.5f * a) * (1.0f + tanhf(inner));
}

extern "C" __global__ void newgelu_vec4(const float* __restrict__ x, float* __restrict__ out, long long r, long long c)
{
    const long long n = r * c;
    const long long base = ((long long)blockIdx.x * blockDim.x + threadIdx.x) * 4;
    if (base >= n) return;
    if (base + 3 < n)
    {
        const float4 a = *reinterpret_cast<const float4*>(x + base);
        *reinterpret_cast<float4*>(out + base) = make_float4(new_gelu(a.x), new_gelu(a.y), new_gelu(a.z), new_gelu(a.w));
        return;
    }
    for (long long i = base; i < n; i++) out[i] = new_gelu(x[i]);
}
