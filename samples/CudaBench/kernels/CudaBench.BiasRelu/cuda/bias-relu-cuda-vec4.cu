// relu(x + bias) over rows of 8192 floats with a bias of 8192: one read of x, one write. ReLU keeps NaN, as
// torch.relu does (fmaxf would turn NaN into 0). 4 consecutive elements per thread, 16-byte accesses; 8192
// is a multiple of 4, so the 4 share one row and read 4 consecutive bias values.
// kernelgen:launch grid=N*8192/1024 block=256

#define COLS 8192

__device__ __forceinline__ float bias_relu(float v, float b)
{
    const float s = v + b;
    return s != s ? s : (s > 0.0f ? s : 0.0f);
}

extern "C" __global__ void bias_relu_vec4(const float* __restrict__ x, const float* __restrict__ bias, float* __restrict__ out, long long rows)
{
    const long long base = ((long long)blockIdx.x * blockDim.x + threadIdx.x) * 4;
    if (base >= rows * COLS) return;
    const float4 v = *reinterpret_cast<const float4*>(x + base);
    const float4 b = *reinterpret_cast<const float4*>(bias + base % COLS);
    float4 r;
    r.x = bias_relu(v.x, b.x);
    r.y = bias_relu(v.y, b.y);
    r.z = bias_relu(v.z, b.z);
    r.w = bias_relu(v.w, b.w);
    *reinterpret_cast<float4*>(out + base) = r;
}
