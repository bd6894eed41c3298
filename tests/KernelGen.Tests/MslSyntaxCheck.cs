using System.Diagnostics;

namespace KernelGen.Tests;

/// <summary>
/// An approximate MSL check for machines without Metal: clang parses the kernel as C++17 for arm64 macOS against a
/// small stand-in for <c>&lt;metal_stdlib&gt;</c> that defines MSL's address-space keywords away and declares the
/// types and functions kernels use, with Metal's attributes ignored. It catches gross errors (typos, undeclared
/// names, broken syntax, wrong argument counts); it proves nothing about what Metal's compiler accepts.
/// </summary>
static class MslSyntaxCheck
{
    const string MetalStdlibStandIn = """
        #pragma once
        #define kernel
        #define device
        #define constant
        #define threadgroup
        #define thread
        namespace metal {
        typedef unsigned int uint;
        typedef unsigned short ushort;
        typedef unsigned char uchar;
        typedef _Float16 half;
        typedef float float2 __attribute__((ext_vector_type(2)));
        typedef float float4 __attribute__((ext_vector_type(4)));
        typedef float packed_float4 __attribute__((ext_vector_type(4)));
        typedef half half4 __attribute__((ext_vector_type(4)));
        typedef half packed_half4 __attribute__((ext_vector_type(4)));
        typedef uint uint2 __attribute__((ext_vector_type(2)));
        typedef uint uint3 __attribute__((ext_vector_type(3)));
        enum class mem_flags { mem_none, mem_device, mem_threadgroup };
        void threadgroup_barrier(mem_flags);
        void simdgroup_barrier(mem_flags);
        template <typename T> T simd_sum(T);
        template <typename T> T simd_max(T);
        template <typename T> T simd_min(T);
        template <typename T> T simd_prefix_exclusive_sum(T);
        template <typename T> T simd_shuffle_down(T, ushort);
        template <typename T> T simd_shuffle_xor(T, ushort);
        template <typename T> T simd_broadcast(T, ushort);
        template <typename T> T max(T, T);
        template <typename T> T min(T, T);
        template <typename T> T abs(T);
        template <typename T> T clamp(T, T, T);
        float sqrt(float); float rsqrt(float); float exp(float); float log(float); float tanh(float);
        float fabs(float); float fma(float, float, float); float erf(float);
        bool isnan(float); bool isinf(float);
        }
        """;

    static readonly Lazy<string?> compiler = new(FindClang);

    /// <summary>The clang executable, or null when none is on the PATH.</summary>
    public static string? Clang => compiler.Value;

    /// <summary>Null when clang accepts <paramref name="source"/>, else its diagnostics.</summary>
    public static string? Errors(string source)
    {
        var directory = Directory.CreateTempSubdirectory("kernelgen-msl-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "metal_stdlib"), MetalStdlibStandIn);
            var file = Path.Combine(directory, "kernel.metal");
            File.WriteAllText(file, source);
            var start = new ProcessStartInfo(Clang ?? throw new InvalidOperationException("no clang"))
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            foreach (var argument in new[] { "-fsyntax-only", "-x", "c++", "-std=c++17", "--target=arm64-apple-macos", "-nostdinc", "-nostdinc++", "-I", directory, "-Wno-unknown-attributes", file })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : errors;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    static string? FindClang()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in new[] { "clang", "clang-19", "clang-18", "clang-17", "clang-16", "clang-15", "clang-14" })
            foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                if (File.Exists(Path.Combine(directory, name))) return Path.Combine(directory, name);
        return null;
    }
}

/// <summary>A test that needs clang for <see cref="MslSyntaxCheck"/>; skipped with the reason where there is none.</summary>
sealed class ClangFactAttribute : FactAttribute
{
    public ClangFactAttribute()
    {
        if (MslSyntaxCheck.Clang is null) Skip = "needs clang on the PATH for the approximate MSL syntax check";
    }
}
