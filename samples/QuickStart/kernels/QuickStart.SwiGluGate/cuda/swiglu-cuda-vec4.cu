// SwiGLU gate: out = silu(gate) * up = gate / (1 + exp(-gate)) * up, elementwise over M x D.
// Each thread handles 4 consecutive elements: one 16-byte load per input and one store (the ABI guarantees
// 16-byte aligned pointers), or scalar accesses for the last partial group (any shape).
// kernelgen:launch grid=M*D/1024 block=256

__device__ __forceinline__ float silu_mul(float g, float u) { return g / (1.0f + expf(-g)) * u; }

extern "C" __global__ void swiglu_vec4(const float* __restrict__ gate, const float* __restrict__ up, float* __restrict__ out, long long m, long long d)
{
    const long long n = m * d;
    const long long base = ((long long)blockIdx.x * blockDim.x + threadIdx.x) * 4;
    if (base >= n) return;
    if (base + 3 < n)
    {
        const float4 g = *(reinterpret_cast<const float4*>(gate + base));
        const float4 u = *(reinterpret_cast<const float4*>(up + base));
        float4 r;
        r.x = silu_mul(g.x, u.x);
        r.y = silu_mul(g.y, u.y);
        r.z = silu_mul(g.z, u.z);
        r.w = silu_mul(g.w, u.w);
        *(reinterpret_cast<float4*>(out + base)) = r;
        return;
    }
    for (long long i = base; i < n; i++) out[i] = silu_mul(gate[i], up[i]);
}
