namespace KernelGen.Engine.Generation;

/// <summary>
/// The embedded Scriban templates. A template directory given to <see cref="KernelPromptBuilder"/> can replace
/// each of them with a file of the name in <see cref="InitialFileName"/> or <see cref="RefinementFileName"/>.
/// </summary>
/// <remarks>
/// Variables, all snake_case: <c>module_name</c>, <c>namespace</c>, <c>class_name</c>, <c>run_signature</c>,
/// <c>parameters</c> (each: <c>name</c>, <c>type</c>, <c>role</c>, <c>dtype</c>, <c>shape</c>),
/// <c>reference_source</c>, <c>bytes_moved</c>, <c>mebibytes_moved</c>, <c>bandwidth_gbps</c>,
/// <c>speed_of_light</c>; the refinement template also gets <c>feedback</c> (<c>kind</c> is <c>format</c>,
/// <c>compile</c>, <c>verify</c> or <c>benchmark</c>, with that kind's fields).
/// </remarks>
public static class PromptTemplates
{
    /// <summary>File name of the first-turn CPU template in a template directory.</summary>
    public const string InitialFileName = "cpu.scriban";

    /// <summary>File name of the later-turn CPU template in a template directory.</summary>
    public const string RefinementFileName = "cpu-refine.scriban";

    /// <summary>
    /// The embedded templates per backend: its first-turn and refinement templates. A backend (CUDA, Metal) plugs in
    /// by adding its pair here; a template directory overrides them as <c>&lt;backend&gt;.scriban</c> and
    /// <c>&lt;backend&gt;-refine.scriban</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, (string Initial, string Refinement)> EmbeddedByBackend { get; } =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["cpu"] = (CpuInitial, CpuRefinement),
        };

    /// <summary>File name of <paramref name="backend"/>'s first-turn template in a template directory.</summary>
    public static string InitialFileNameOf(string backend) => $"{backend}.scriban";

    /// <summary>File name of <paramref name="backend"/>'s later-turn template in a template directory.</summary>
    public static string RefinementFileNameOf(string backend) => $"{backend}-refine.scriban";

    /// <summary>The first turn: everything a model needs to write a CPU kernel for one module.</summary>
    public const string CpuInitial = """
        You are an expert in high-performance C# and CPU micro-architecture. Write a CPU kernel for the TorchSharp
        module `{{ module_name }}`: a C# file that computes exactly what the module's reference computes, as fast
        as the hardware allows. The kernel is compiled, then verified far more strictly than usual (a float64
        oracle, 100+ random input sets from many distributions, many shapes, poisoned outputs), then benchmarked.

        ## Reference (the definition the kernel must match)

        ```csharp
        {{ reference_source }}
        ```

        The method marked `[KernelReference]` is the definition. Constants of the module are part of it;
        `[KernelInputs]` shows the sample inputs.

        ## Contract

        Arguments in order: the reference's tensor inputs, then the module's state (parameters, then buffers),
        then the output. Shapes are the sample shapes.

        | argument | role | dtype | sample shape | C# type |
        |---|---|---|---|---|
        {{~ for p in parameters ~}}
        | `{{ p.name }}` | {{ p.role }} | {{ p.dtype }} | {{ p.shape }} | `{{ p.type }}` |
        {{~ end ~}}

        ## Kernel ABI

        The file is an ordinary C# file with one public static class that has exactly this method:

        ```csharp
        {{ run_signature }}
        ```

        Use namespace `{{ namespace }}` and class name `{{ class_name }}`. Add `using KernelGen.Cpu;` and the
        other usings you need (`System`, `System.Numerics`, `System.Runtime.Intrinsics`,
        `System.Runtime.Intrinsics.X86`, `System.Runtime.InteropServices`, `System.Threading.Tasks`).

        The views (`KernelGen.Cpu`) are contiguous and row-major. Their members, all bounds-checked:
        `Shape`, `Rank`, `long Length`, `long Size(int dim)` (a negative dim counts from the end),
        `Span` (`ReadOnlySpan<T>` on inputs and state, `Span<T>` on the output) and `Slice(long start, int length)`.
        Views are plain structs: capture them in `Parallel.For` bodies freely, but they are valid only during
        the call, so never store them. Spans are ref structs that a lambda cannot capture: capture the views
        and take `Span` (once, into a local) inside the body. Span lengths are `int`: compute offsets as
        `long`, then slice.

        - **The output arrives poisoned**: allocated but not initialised, filled with NaN and other sentinels
          (twice, with different poisons). Write every element of it. Never read an output element before
          writing it, never accumulate into it assuming it starts at zero.
        - **Shapes vary**: the kernel is verified and dispatched on a whole domain of shapes around the sample
          shapes, including odd and prime sizes, sizes of 1, and sizes that are not multiples of the vector
          width. Never hard-code a size: read every extent from `Size(d)` (or `Length`) and handle the tail
          after each vector loop.
        - Inputs and state are read-only, and the kernel keeps no state between calls: verification hashes
          the inputs before and after, and runs the kernel repeatedly.

        ## Allowed and forbidden APIs

        Allowed: `System` primitives, `Math`/`MathF`, `Span<T>`/`ReadOnlySpan<T>`, `System.Numerics`
        (`Vector<T>`, `BitOperations`), `System.Runtime.Intrinsics` with its `X86` and `Arm` namespaces,
        `MemoryMarshal.Cast`, `Parallel.For`/`Parallel.ForEach`, exceptions, locals and `stackalloc`.

        Forbidden (the file is rejected before it runs): `unsafe` code, pointers and `fixed`; `Unsafe`;
        any `MemoryMarshal` member other than `Cast`; `LoadUnsafe`/`StoreUnsafe`; IO, network, reflection,
        processes, environment, clocks and timers; threads, tasks and locks other than `Parallel`;
        P/Invoke (`DllImport`, `LibraryImport`, `extern`); static fields other than `const` or
        `static readonly` of a primitive type; TorchSharp; GC or allocation tricks.

        ## Numerics

        - The result must be as accurate as the reference in its own dtype: a float32 module stays
          float32-accurate. Verification compares against the reference run in float64 and accepts an error
          only within a small factor of the reference's own float32 error, so a kernel that is merely close
          fails.
        - Accumulate reductions (sums, means, norms, dot products) carefully: several independent vector
          accumulators combined at the end, pairwise or blocked summation, or a `double` accumulator for long
          float32 reductions. One running `float` over thousands of elements is not accurate enough.
        - Keep the reference's semantics for special values: NaN and infinities propagate where the
          reference propagates them; no approximate reciprocal, rsqrt or exp unless refined to full accuracy.
        - Be deterministic: the same inputs give bitwise-identical outputs on every run. Partition work
          independently of the thread count, and combine partial results in a fixed order.

        ## Performance

        The kernel moves {{ bytes_moved }} bytes ({{ mebibytes_moved }} MiB) at the sample shapes. At
        {{ bandwidth_gbps }} GB/s of memory bandwidth its speed of light is {{ speed_of_light }}: aim close to it.
        A time below the speed of light is rejected as a measurement or correctness error.

        - SIMD: branch on `Vector512.IsHardwareAccelerated`, then `Vector256.IsHardwareAccelerated`, then
          `Vector128.IsHardwareAccelerated`, with a scalar path that is always correct. View spans as vectors
          with `MemoryMarshal.Cast<T, Vector256<T>>(span)` (or load with `Vector256.Create(span)` and store
          with `vector.CopyTo(span)`), and finish the remainder with scalar code. `Vector256.FusedMultiplyAdd`
          and `Vector256.Sum` are available.
        - Threads: `Parallel.For` over rows or blocks of rows, each task writing its own part of the output.
          Give every task enough work (tens of thousands of elements or more) and run serially when the whole
          problem is small: starting parallel work costs microseconds.
        - Fuse passes to read each input as few times as possible; keep the hot loop free of allocations,
          LINQ, delegates and bounds-check-heavy indexing.

        ## Answer format

        Answer with exactly one ```csharp fenced code block that contains the whole file: usings, namespace,
        the static class and `Run`. It is compiled exactly as written, so no placeholders, no "..." and no
        omitted parts. Put any explanation before the block, briefly; add no other code blocks.
        """;

    /// <summary>Later turns: what went wrong with (or how fast was) the previous answer.</summary>
    public const string CpuRefinement = """
        {{~ case feedback.kind ~}}
        {{~ when "format" ~}}
        Your previous answer could not be used: {{ feedback.problem }}
        {{~ when "compile" ~}}
        Your previous kernel was rejected at compilation ({{ feedback.error_count }} errors{{ if feedback.error_count > feedback.shown_count }}, the first {{ feedback.shown_count }} shown{{ end }}):

        {{~ for error in feedback.errors ~}}
        - {{ error }}
        {{~ end ~}}

        Fix every error. Remember the allowed and forbidden APIs: a forbidden API cannot be worked around, only
        replaced by an allowed one.
        {{~ when "verify" ~}}
        Your previous kernel compiled but failed the verification check `{{ feedback.check }}`: {{ feedback.summary }}

        {{~ for item in feedback.evidence ~}}
        - {{ item.name }}: {{ item.value }}
        {{~ end ~}}

        Find the cause before changing anything: an index or tail bug at shapes other than the sample shapes,
        an output element left unwritten (it arrives poisoned), inaccurate accumulation, or special values
        handled differently from the reference.
        {{~ when "benchmark" ~}}
        Your previous kernel is verified. It ran in {{ feedback.kernel_median }}, against {{ feedback.reference_median }} for the reference (speedup {{ feedback.speedup }}x).
        The speed of light at {{ bandwidth_gbps }} GB/s is {{ speed_of_light }}, so it reached {{ feedback.percent_of_speed_of_light }}% of it.
        Make it faster without losing accuracy: more memory-level parallelism, fewer passes over memory, wider
        vectors, better work partitioning.
        {{~ end ~}}

        The signature stays exactly:

        ```csharp
        {{ run_signature }}
        ```

        Answer with exactly one ```csharp fenced code block that contains the whole corrected file.
        """;
}
