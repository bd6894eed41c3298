using System.Runtime.InteropServices;

namespace KernelGen.Metal;

/// <summary>
/// The Objective-C runtime (libobjc) by P/Invoke. <c>objc_msgSend</c> is a trampoline that jumps to the method's
/// implementation with the caller's registers untouched, so it must be called with exactly the C signature of the
/// method it reaches: one non-variadic import per signature below, never a variadic or "params" declaration (on
/// arm64 variadic arguments go on the stack while methods read registers). The rule on arm64 (Apple Silicon):
/// there is no <c>objc_msgSend_stret</c> or <c>_fpret</c>; structs such as <see cref="MTLSize"/> (24 bytes) are
/// passed and returned through plain <c>objc_msgSend</c>, by value, as the C ABI passes them to any function.
/// <c>BOOL</c> is one byte on arm64 and is declared as <see cref="byte"/>; <c>NSUInteger</c>/<c>NSInteger</c> are
/// <see cref="nuint"/>/<see cref="nint"/>; object, class and selector values are <see cref="IntPtr"/>.
/// </summary>
internal static partial class ObjectiveC
{
    /// <summary>The runtime's install path on every macOS release that runs Metal.</summary>
    public const string Library = "/usr/lib/libobjc.A.dylib";

    const string MessageSend = "objc_msgSend";

    [LibraryImport(Library, EntryPoint = "objc_getClass", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GetClass(string name);

    [LibraryImport(Library, EntryPoint = "sel_registerName", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr RegisterSelector(string name);

    [LibraryImport(Library, EntryPoint = "objc_autoreleasePoolPush")]
    public static partial IntPtr AutoreleasePoolPush();

    [LibraryImport(Library, EntryPoint = "objc_autoreleasePoolPop")]
    public static partial void AutoreleasePoolPop(IntPtr pool);

    /// <summary><c>id (id, SEL)</c>: alloc, init, new, newCommandQueue, commandBuffer, computeCommandEncoder, error, localizedDescription.</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static partial IntPtr SendObject(IntPtr receiver, IntPtr selector);

    /// <summary><c>id (id, SEL, id)</c>: newFunctionWithName:.</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static partial IntPtr SendObject(IntPtr receiver, IntPtr selector, IntPtr argument);

    /// <summary><c>id (id, SEL, const char*)</c>: NSString initWithUTF8String: (the text is NUL-terminated UTF-8).</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static unsafe partial IntPtr SendObject(IntPtr receiver, IntPtr selector, byte* utf8);

    /// <summary><c>id (id, SEL, id, NSError**)</c>: newComputePipelineStateWithFunction:error:.</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static unsafe partial IntPtr SendObject(IntPtr receiver, IntPtr selector, IntPtr argument, IntPtr* error);

    /// <summary><c>id (id, SEL, id, id, NSError**)</c>: newLibraryWithSource:options:error:.</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static unsafe partial IntPtr SendObject(IntPtr receiver, IntPtr selector, IntPtr first, IntPtr second, IntPtr* error);

    /// <summary><c>const char* (id, SEL)</c>: NSString UTF8String (owned by the string, valid inside the autorelease pool).</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static unsafe partial byte* SendUtf8(IntPtr receiver, IntPtr selector);

    /// <summary><c>NSUInteger (id, SEL)</c>: maxTotalThreadsPerThreadgroup, threadExecutionWidth.</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static partial nuint SendUnsigned(IntPtr receiver, IntPtr selector);

    /// <summary><c>NSInteger (id, SEL)</c>: MTLCommandBuffer status.</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static partial nint SendInteger(IntPtr receiver, IntPtr selector);

    /// <summary><c>BOOL (id, SEL, SEL)</c>: respondsToSelector:.</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static partial byte SendBoolean(IntPtr receiver, IntPtr selector, IntPtr argument);

    /// <summary><c>void (id, SEL)</c>: endEncoding, commit, waitUntilCompleted, release.</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static partial void Send(IntPtr receiver, IntPtr selector);

    /// <summary><c>void (id, SEL, id)</c>: setComputePipelineState:.</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static partial void Send(IntPtr receiver, IntPtr selector, IntPtr argument);

    /// <summary><c>void (id, SEL, BOOL)</c>: MTLCompileOptions setFastMathEnabled:.</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static partial void Send(IntPtr receiver, IntPtr selector, byte argument);

    /// <summary><c>void (id, SEL, NSInteger)</c>: MTLCompileOptions setMathMode: (macOS 15+).</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static partial void SendWithInteger(IntPtr receiver, IntPtr selector, nint argument);

    /// <summary><c>void (id, SEL, id, NSUInteger, NSUInteger)</c>: setBuffer:offset:atIndex:.</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static partial void Send(IntPtr receiver, IntPtr selector, IntPtr buffer, nuint offset, nuint index);

    /// <summary><c>void (id, SEL, const void*, NSUInteger, NSUInteger)</c>: setBytes:length:atIndex:.</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static unsafe partial void Send(IntPtr receiver, IntPtr selector, void* bytes, nuint length, nuint index);

    /// <summary><c>void (id, SEL, MTLSize, MTLSize)</c>: dispatchThreads:threadsPerThreadgroup: (structs by value, arm64 rule above).</summary>
    [LibraryImport(Library, EntryPoint = MessageSend)]
    public static partial void Send(IntPtr receiver, IntPtr selector, MTLSize threads, MTLSize threadsPerThreadgroup);
}

/// <summary>Metal's <c>MTLSize</c>: three <c>NSUInteger</c>s, 24 bytes on 64-bit Apple platforms.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct MTLSize(nuint width, nuint height, nuint depth)
{
    public readonly nuint Width = width;

    public readonly nuint Height = height;

    public readonly nuint Depth = depth;

    /// <summary>A 1-D size: (<paramref name="width"/>, 1, 1).</summary>
    public static MTLSize Linear(long width) => new((nuint)width, 1, 1);
}

/// <summary>Metal.framework's one C entry point KernelGen needs.</summary>
internal static partial class MetalFramework
{
    public const string Library = "/System/Library/Frameworks/Metal.framework/Metal";

    /// <summary>The system's default GPU (the one PyTorch's MPS backend uses on Apple Silicon, which has one), or nil; returned retained.</summary>
    [LibraryImport(Library, EntryPoint = "MTLCreateSystemDefaultDevice")]
    public static partial IntPtr CreateSystemDefaultDevice();
}

/// <summary>libdispatch, for the <c>dispatch_data_t</c> that <c>newLibraryWithData:error:</c> takes.</summary>
internal static unsafe partial class LibDispatch
{
    public const string Library = "/usr/lib/system/libdispatch.dylib";

    /// <summary>A dispatch data object holding a copy of the bytes (a null queue and destructor mean DISPATCH_DATA_DESTRUCTOR_DEFAULT: copy now).</summary>
    [LibraryImport(Library, EntryPoint = "dispatch_data_create")]
    public static partial IntPtr DataCreate(void* buffer, nuint size, IntPtr queue, IntPtr destructor);

    [LibraryImport(Library, EntryPoint = "dispatch_release")]
    public static partial void Release(IntPtr dispatchObject);
}
