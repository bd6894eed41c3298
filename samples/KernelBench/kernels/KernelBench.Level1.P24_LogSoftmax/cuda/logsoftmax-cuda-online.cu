// Hand-written. KernelBench L1-24 LogSoftmax over dim 1 of [R, C] with very wide rows (v0.1: 4096 x 393216, 1.5 MiB
// per row, too wide for registers or shared memory). One block of 1024 threads per row, two passes over the row:
// pass 1 is an online softmax (each thread keeps a running max m and a sum s of exp(x - m), rescaled when m
// grows; then a fixed-order block combine, so the result is deterministic); pass 2 reads x again and writes
// x - max - log(sum). Two reads and one write; eager's log_softmax (max, sum of exp, subtract) reads the row three times.
// 16-byte loads when C is a multiple of 4 (every row is then 16-byte aligned), scalar loads otherwise.
// Special values follow eager's definition x - max - log(sum(exp(x - max))): a NaN anywhere, a +inf, or a row of
// only -inf makes the whole row NaN; a -inf element among finite ones gives -inf.
// kernelgen:launch grid=R block=1024

#define THREADS 1024
#define NEG_INF __int_as_float(0xff800000)

struct Running { float m; float s; };

// Adds exp(x - m) with m the running max. -inf adds nothing (its term is 0 unless the whole row is -inf, handled
// at the end); +inf becomes the max with the term exp(inf - inf) = NaN, exactly as in eager.
__device__ __forceinline__ void add(Running& r, float x)
{
    if (x == NEG_INF) return;
    if (x > r.m)
    {
        r.s = r.s * expf(r.m - x) + expf(x - x);
        r.m = x;
    }
    else r.s += expf(x - r.m);
}

__device__ __forceinline__ Running combine(Running a, Running b)
{
    // A side that saw only -inf (and maybe NaN) has s = 0 (or NaN): adding it keeps b exact (or makes it NaN).
    if (a.m == NEG_INF) return { b.m, b.s + a.s };
    if (b.m == NEG_INF) return { a.m, a.s + b.s };
    const float m = fmaxf(a.m, b.m);
    return { m, a.s * expf(a.m - m) + b.s * expf(b.m - m) };
}

__device__ Running block_combine(Running r, Running* scratch)
{
    for (int offset = 16; offset > 0; offset >>= 1)
    {
        Running other = { __shfl_xor_sync(0xffffffffu, r.m, offset), __shfl_xor_sync(0xffffffffu, r.s, offset) };
        r = (threadIdx.x & offset) ? combine(other, r) : combine(r, other);
    }
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    if (lane == 0) scratch[warp] = r;
    __syncthreads();
    r = scratch[lane];
    for (int offset = 16; offset > 0; offset >>= 1)
    {
        Running other = { __shfl_xor_sync(0xffffffffu, r.m, offset), __shfl_xor_sync(0xffffffffu, r.s, offset) };
        r = (threadIdx.x & offset) ? combine(other, r) : combine(r, other);
    }
    return r;
}

__device__ __forceinline__ float result(float x, float m, float log_s) { return (x - m) - log_s; }

extern "C" __global__ void __launch_bounds__(THREADS) log_softmax_online(const float* __restrict__ x, float* __restrict__ out, long long rows, long long cols)
{
    __shared__ Running scratch[THREADS / 32];
    const long long row = blockIdx.x;
    if (row >= rows) return;
    const float* in = x + row * cols;
    float* o = out + row * cols;
    const bool vector = (cols & 3) == 0;

    Running r = { NEG_INF, 0.0f };
    if (vector)
    {
        const float4* in4 = reinterpret_cast<const float4*>(in);
        const long long n4 = cols >> 2;
        for (long long j = threadIdx.x; j < n4; j += THREADS)
        {
            const float4 v = in4[j];
            add(r, v.x); add(r, v.y); add(r, v.z); add(r, v.w);
        }
    }
    else
    {
        for (long long j = threadIdx.x; j < cols; j += THREADS) add(r, in[j]);
    }
    r = block_combine(r, scratch);
    const float m = r.m;
    const float s = m == NEG_INF ? __int_as_float(0x7fc00000) : logf(r.s); // log of the sum; a row of only -inf: eager gives NaN

    if (vector)
    {
        const float4* in4 = reinterpret_cast<const float4*>(in);
        float4* o4 = reinterpret_cast<float4*>(o);
        const long long n4 = cols >> 2;
        for (long long j = threadIdx.x; j < n4; j += THREADS)
        {
            const float4 v = in4[j];
            o4[j] = make_float4(result(v.x, m, s), result(v.y, m, s), result(v.z, m, s), result(v.w, m, s));
        }
    }
    else
    {
        for (long long j = threadIdx.x; j < cols; j += THREADS) o[j] = result(in[j], m, s);
    }
}
