// Rotary embedding on x [T, 32, 128] with cos/sin [T, 128] (rotate_half):
//   out[d]      = x[d] * cos[d] - x[d + 64] * sin[d]
//   out[d + 64] = x[d + 64] * cos[d + 64] + x[d] * sin[d + 64]      for d < 64
// Each thread owns 4 consecutive d of the first half and the matching 4 of the second: 16 threads per
// (token, head), all loads and stores 16 bytes wide. cos/sin rows are shared by the 32 heads (cache hits).
// kernelgen:launch grid=T*2 block=256

#define HEADS 32
#define DIM 128
#define HALF 64

extern "C" __global__ void rope_halves(const float* __restrict__ x, const float* __restrict__ cosines, const float* __restrict__ sines, float* __restrict__ out, long long tokens)
{
    const long long thread = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (thread >= tokens * HEADS * (HALF / 4)) return;
    const long long pair = thread / (HALF / 4);            // token * HEADS + head
    const int d = (int)(thread % (HALF / 4)) * 4;
    const long long token = pair / HEADS;
    const float* row = x + pair * DIM;
    const float4 a = *(reinterpret_cast<const float4*>(row + d));
    const float4 b = *(reinterpret_cast<const float4*>(row + d + HALF));
    const float4 ca = *reinterpret_cast<const float4*>(cosines + token * DIM + d);
    const float4 cb = *reinterpret_cast<const float4*>(cosines + token * DIM + d + HALF);
    const float4 sa = *reinterpret_cast<const float4*>(sines + token * DIM + d);
    const float4 sb = *reinterpret_cast<const float4*>(sines + token * DIM + d + HALF);
    float4 first, second;
    first.x = a.x * ca.x + (-b.x) * sa.x;
    first.y = a.y * ca.y + (-b.y) * sa.y;
    first.z = a.z * ca.z + (-b.z) * sa.z;
    first.w = a.w * ca.w + (-b.w) * sa.w;
    second.x = b.x * cb.x + a.x * sb.x;
    second.y = b.y * cb.y + a.y * sb.y;
    second.z = b.z * cb.z + a.z * sb.z;
    second.w = b.w * cb.w + a.w * sb.w;
    *(reinterpret_cast<float4*>(out + pair * DIM + d)) = first;
    *(reinterpret_cast<float4*>(out + pair * DIM + d + HALF)) = second;
}
