namespace KernelGen.Engine.Generation;

/// <summary>
/// The Scriban templates that ask a model for a Metal (MSL) kernel: the <c>metal</c> backend's pair, named as
/// <see cref="PromptTemplates"/> names a backend's files (<c>metal.scriban</c>, <c>metal-refine.scriban</c>).
/// They use the variables the CPU templates get (see <see cref="PromptTemplates"/>), except that
/// <c>run_signature</c> must hold the Metal signature of docs/kernel-abi.md ("A Metal kernel file": inputs,
/// state, output, then one <c>constant long&amp;</c> per shape symbol) rather than the C# one. No Metal kernel has
/// been generated with them yet: they are not wired into a generation run and no Mac was available to verify one.
/// </summary>
public static class MetalPromptTemplates
{
    /// <summary>The backend name, as in the lock file.</summary>
    public const string Backend = "metal";

    /// <summary>File name of the first-turn Metal template in a template directory.</summary>
    public const string InitialFileName = "metal.scriban";

    /// <summary>File name of the later-turn Metal template in a template directory.</summary>
    public const string RefinementFileName = "metal-refine.scriban";

    /// <summary>The first turn: everything a model needs to write a Metal kernel for one module.</summary>
    public const string Initial = """
        You are an expert in Metal Shading Language and Apple Silicon GPUs. Write a Metal compute kernel for the
        TorchSharp module `{{ module_name }}`: an MSL file that computes exactly what the module's reference
        computes, as fast as the GPU allows, on tensors on PyTorch's MPS device. The kernel is compiled with
        fast math OFF, then verified far more strictly than usual (a float64 oracle, 100+ random input sets from
        many distributions, many shapes, poisoned outputs), then benchmarked.

        ## Reference (the definition the kernel must match)

        ```csharp
        {{ reference_source }}
        ```

        The method marked `[KernelReference]` is the definition. Constants of the module are part of it;
        `[KernelInputs]` shows the sample inputs.

        ## Contract

        Arguments in order: the reference's tensor inputs, then the module's state (parameters, then buffers),
        then the output. Shapes are the sample shapes; every tensor is contiguous and row-major.

        | argument | role | dtype | sample shape |
        |---|---|---|---|
        {{~ for p in parameters ~}}
        | `{{ p.name }}` | {{ p.role }} | {{ p.dtype }} | {{ p.shape }} |
        {{~ end ~}}

        MSL element types: float32 → `float`, float16 → `half`, int32 → `int`, int64 → `long`, int16 → `short`,
        int8 → `char`, uint8 → `uchar`, bool → `bool`.

        ## Kernel ABI

        The file starts with `#include <metal_stdlib>` and `using namespace metal;` (no other include) and has
        exactly one kernel with exactly these buffers (you may rename parameters and add built-in parameters such
        as `[[thread_position_in_threadgroup]]`, `[[threadgroup_position_in_grid]]`,
        `[[thread_index_in_simdgroup]]`, `[[simdgroup_index_in_threadgroup]]`):

        ```metal
        {{ run_signature }}
        ```

        Inputs and state are `device const T*` and read-only; the output is `device T*`; each shape size is a
        `constant long&`, in the order above. Right above the kernel put exactly one launch line:

        ```metal
        // kernelgen:launch threads=<expression> threadgroup=<1..1024>
        ```

        `threads` is the total number of threads of a 1-D grid, written with the shape sizes' names and integers
        (`N*4096`, `N*256`, `N*4096/4` — the division rounds up). Threadgroups may be partial at the end of the
        grid: guard every access with the thread's index. Choose `threadgroup` as a multiple of 32 (the
        SIMD-group width); the kernel may rely on it, for example to size threadgroup arrays. Never hard-code a
        shape size: read it from the `constant long&` arguments.

        - **The output arrives poisoned**: allocated but not initialised. Write every element; never read one
          before writing it.
        - **Shapes vary**: the kernel is verified on a whole domain of shapes around the sample shapes, including
          odd and prime sizes and sizes of 1.
        - The kernel keeps no state between calls and must not use atomics to accumulate floating-point results
          (their order varies, so results would not be deterministic).

        ## Threadgroup memory and SIMD-groups

        - Declare threadgroup memory inside the kernel with a fixed size (`threadgroup float partial[32];`);
          the host sets none. Separate writes and reads of it with
          `threadgroup_barrier(mem_flags::mem_threadgroup)`, reached by every thread of the threadgroup
          (never inside a branch some threads skip, never after an early `return` of some threads).
        - Prefer SIMD-group functions to threadgroup memory for reductions within 32 threads: `simd_sum`,
          `simd_max`, `simd_min`, `simd_prefix_exclusive_sum`, `simd_shuffle_down`, `simd_broadcast`. A typical
          row reduction: each thread accumulates a strided slice, `simd_sum` per SIMD-group, one partial per
          SIMD-group in threadgroup memory, a barrier, then SIMD-group 0 reduces the partials.
        - All threads of a SIMD-group must be active when it calls a SIMD-group function: guard loads with the
          index, not the call.

        ## Numerics (half and float)

        - A float32 module computes in `float` throughout: no `half` intermediates, no `half` loads of float
          data, no `fast::` functions. Verification compares against the reference in float64 and accepts only
          a small factor of the reference's own float32 error.
        - A float16 module loads and stores `half` but accumulates and computes in `float`, then converts once.
        - Metal has no `double`: accumulate long reductions with several partial sums combined in a fixed tree
          (per thread, then `simd_sum`, then across SIMD-groups), not one running sum.
        - Use the default math functions (`exp`, `log`, `rsqrt`: with fast math off they are the precise ones);
          keep the reference's NaN and infinity semantics.
        - Be deterministic: the same inputs give bitwise-identical outputs on every run.

        ## Performance

        The kernel moves {{ bytes_moved }} bytes ({{ mebibytes_moved }} MiB) at the sample shapes. At
        {{ bandwidth_gbps }} GB/s of memory bandwidth its speed of light is {{ speed_of_light }}: aim close to it.
        A time below the speed of light is rejected as a measurement or correctness error.

        - Coalesce: consecutive threads read consecutive elements; vector loads (`float4`) where alignment allows.
        - Fuse passes so each input is read once; keep row data in registers or threadgroup memory when a row
          is read twice.
        - Give the GPU enough threads (tens of thousands) and enough work per thread to hide memory latency.

        ## Answer format

        Answer with exactly one ```metal fenced code block that contains the whole file: the include, the launch
        line and the kernel. It is compiled exactly as written, so no placeholders, no "..." and no omitted
        parts. Put any explanation before the block, briefly; add no other code blocks.
        """;

    /// <summary>Later turns: what went wrong with (or how fast was) the previous answer.</summary>
    public const string Refinement = """
        {{~ case feedback.kind ~}}
        {{~ when "format" ~}}
        Your previous answer could not be used: {{ feedback.problem }}
        {{~ when "compile" ~}}
        Your previous kernel was rejected at compilation ({{ feedback.error_count }} errors{{ if feedback.error_count > feedback.shown_count }}, the first {{ feedback.shown_count }} shown{{ end }}):

        {{~ for error in feedback.errors ~}}
        - {{ error }}
        {{~ end ~}}

        Fix every error. Keep to the Metal kernel ABI: only `#include <metal_stdlib>`, one kernel, the buffers in
        the order given, one launch line.
        {{~ when "verify" ~}}
        Your previous kernel compiled but failed the verification check `{{ feedback.check }}`: {{ feedback.summary }}

        {{~ for item in feedback.evidence ~}}
        - {{ item.name }}: {{ item.value }}
        {{~ end ~}}

        Find the cause before changing anything: an index or partial-threadgroup bug at shapes other than the
        sample shapes, an output element left unwritten (it arrives poisoned), a missing barrier, a `half`
        intermediate in a float32 module, or a reduction order that loses accuracy.
        {{~ when "benchmark" ~}}
        Your previous kernel is verified. It ran in {{ feedback.kernel_median }}, against {{ feedback.reference_median }} for the reference (speedup {{ feedback.speedup }}x).
        The speed of light at {{ bandwidth_gbps }} GB/s is {{ speed_of_light }}, so it reached {{ feedback.percent_of_speed_of_light }}% of it.
        Make it faster without losing accuracy: coalesced and vector loads, one pass over memory, SIMD-group
        reductions instead of threadgroup-memory loops, more threads in flight.
        {{~ end ~}}

        The kernel's buffers stay exactly:

        ```metal
        {{ run_signature }}
        ```

        Answer with exactly one ```metal fenced code block that contains the whole corrected file.
        """;
}
