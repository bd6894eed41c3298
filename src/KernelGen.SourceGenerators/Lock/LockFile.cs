using KernelGen.SourceGenerators.Helpers;
using KernelGen.SourceGenerators.Models;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.SourceGenerators.Lock;

/// <summary>A tensor of the lock's contract: an input, a state tensor or the output.</summary>
internal sealed record LockTensor(string Name, TensorDtype Dtype);

/// <summary>The lock's <c>contract</c>: what every variant receives (inputs then state) and returns.</summary>
internal sealed record LockContract(EquatableArray<LockTensor> Inputs, EquatableArray<LockTensor> State, TensorDtype OutputDtype);

/// <summary>
/// One entry of the lock's <c>variants</c>, reduced to what baking decides on (evidence is not kept). FileSpan is
/// where the <c>file</c> value is written, to point at it when the file is missing.
/// </summary>
internal sealed record LockVariant(
    string Id,
    string Backend,
    string EntryPoint,
    string File,
    TextSpan FileSpan,
    bool Selected,
    bool Verified,
    string Sha256,
    ShapeDomainModel Domain);

/// <summary>A schema-1 <c>kernelgen.lock.json</c> that passed every rule of docs/kernel-abi.md.</summary>
internal sealed record LockFile(string Fingerprint, TextSpan FingerprintSpan, LockContract Contract, EquatableArray<LockVariant> Variants);

/// <summary>Why a lock file was rejected (KG0004), and where.</summary>
internal sealed record LockFileError(string Message, TextSpan Span);
