using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using KernelGen.SourceGenerators.Diagnostics;
using KernelGen.SourceGenerators.Helpers;
using KernelGen.SourceGenerators.Kernels;
using KernelGen.SourceGenerators.Lock;
using KernelGen.SourceGenerators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.SourceGenerators;

partial class KernelGenerator
{
    /// <summary>
    /// Decides what a module bakes from its kernel cache: finds and validates its lock, checks the fingerprint, and
    /// checks each verified, selected CPU variant's file (hash, entry point, forbidden APIs).
    /// </summary>
    internal static class Bake
    {
        const string CpuBackend = "cpu";
        const string CudaBackend = "cuda";
        const string MetalBackend = "metal";

        public static BakePlan GetPlan(ModuleParseResult parsed, ImmutableArray<CacheFile> cacheFiles, BakeSettings settings, CancellationToken cancellationToken)
        {
            if (parsed.Module is not { } module) return new BakePlan(null, parsed.Diagnostics);
            var diagnostics = new List<DiagnosticInfo>(parsed.Diagnostics);
            var output = Plan(module, cacheFiles, settings, diagnostics, cancellationToken);
            return new BakePlan(output, diagnostics.ToEquatableArray());
        }

        static ModuleOutput Plan(ModuleInfo module, ImmutableArray<CacheFile> cacheFiles, BakeSettings settings, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            // KG0006 already explains why this module keeps its reference; Off mode asked for no kernels at all.
            if (module.ReadsInstanceConfiguration || !settings.BakingEnabled) return ReferenceOnly(module, BakeStatus.NoKernels);

            var lockFile = FindLock(module.FullName, cacheFiles, settings);
            if (lockFile?.Text is null)
            {
                var expectedPath = settings.CacheDirectory is { } directory
                    ? CachePaths.LockPath(directory, module.FullName)
                    : CachePaths.LockPathSuffix(module.FullName).TrimStart('/');
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoVerifiedKernel, module.Location, module.FullName, expectedPath, "there is no lock file"));
                return ReferenceOnly(module, BakeStatus.NoKernels);
            }

            var lockText = SourceText.From(lockFile.Text);
            var lockData = LockFileReader.Read(lockText, module.FullName, module.ParameterNames.Count, out var error);
            if (lockData is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedLockFile, LocationInfo.In(lockFile.Path, lockText, error!.Span), module.FullName, lockFile.Path, error.Message));
                return ReferenceOnly(module, BakeStatus.NoKernels);
            }
            if (lockData.Fingerprint != module.Fingerprint)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.StaleKernels, LocationInfo.In(lockFile.Path, lockText, lockData.FingerprintSpan), module.FullName, lockFile.Path, lockData.Fingerprint, module.Fingerprint));
                return ReferenceOnly(module, BakeStatus.Stale);
            }

            var candidates = lockData.Variants.Where(v => v.Verified && v.Selected && (v.Backend == CpuBackend || v.Backend == CudaBackend || v.Backend == MetalBackend)).ToList();
            if (candidates.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.NoVerifiedKernel, module.Location, module.FullName, lockFile.Path, "no CPU, CUDA or Metal variant in the lock is both verified and selected"));
                return ReferenceOnly(module, BakeStatus.NoneSelected);
            }

            var variants = new List<BakedVariant>();
            var sources = new List<KernelSource>();
            var bakedFiles = new HashSet<string>(System.StringComparer.Ordinal);
            var fileOfEntryPoint = new Dictionary<string, string>(System.StringComparer.Ordinal);
            var rejected = false;
            foreach (var candidate in candidates)
            {
                var kernel = CheckKernelFile(module, lockFile, lockText, lockData.Contract, candidate, cacheFiles, diagnostics, cancellationToken);
                if (kernel is null || (candidate.Backend == CpuBackend && DeclaresAnotherFilesClass(module, kernel, candidate, fileOfEntryPoint, diagnostics)))
                {
                    rejected = true;
                    continue;
                }
                if (candidate.Backend == MetalBackend)
                {
                    // MSL is baked as data and compiled by Metal on the device at run time.
                    variants.Add(ToBakedVariant(candidate, lockData.Contract, null) with
                    {
                        MetalSource = kernel.Text,
                        MetalLibraryBase64 = PrecompiledMetalLibrary(kernel, candidate, cacheFiles),
                    });
                    continue;
                }
                if (candidate.Backend == CudaBackend)
                {
                    // CUDA C++ is baked as data and compiled by NVRTC on the device at run time.
                    variants.Add(ToBakedVariant(candidate, lockData.Contract, kernel.Text));
                    continue;
                }
                variants.Add(ToBakedVariant(candidate, lockData.Contract, null));
                // Two variants may share a file (one kernel verified for two shape domains): compile it once.
                if (bakedFiles.Add(candidate.File)) sources.Add(new KernelSource($"{module.FullName}.{candidate.Id}.g.cs", kernel.Text!));
            }
            if (rejected) return ReferenceOnly(module, BakeStatus.NoKernels);
            return new ModuleOutput(module, BakeStatus.Baked, lockData.Contract.State.Select(s => s.Name).ToEquatableArray(), variants.ToEquatableArray(), sources.ToEquatableArray());
        }

        /// <summary>The kernel file of <paramref name="variant"/> when it exists, matches its hash and keeps to the ABI; otherwise reports why (KG0003, KG0007).</summary>
        static CacheFile? CheckKernelFile(
            ModuleInfo module,
            CacheFile lockFile,
            SourceText lockText,
            LockContract contract,
            LockVariant variant,
            ImmutableArray<CacheFile> cacheFiles,
            List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            var kernelPath = CachePaths.KernelPath(lockFile.NormalizedPath, variant.File);
            var kernel = cacheFiles.FirstOrDefault(f => f.NormalizedPath == kernelPath);
            if (kernel?.Text is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.KernelFileMismatch, LocationInfo.In(lockFile.Path, lockText, variant.FileSpan), module.FullName, kernelPath,
                    $"is missing (variant '{variant.Id}' of '{lockFile.Path}' names it)"));
                return null;
            }

            var hash = ContentHashes.KernelFile(kernel.Text);
            if (hash != variant.Sha256)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.KernelFileMismatch, LocationInfo.StartOf(kernel.Path), module.FullName, kernel.Path,
                    $"does not match the lock: its sha256 is {hash} but variant '{variant.Id}' records {variant.Sha256}"));
                return null;
            }

            var text = SourceText.From(kernel.Text);
            var violations = variant.Backend == CudaBackend ? FindCudaAbiViolations(kernel.Text, contract, variant)
                : variant.Backend == MetalBackend ? FindMetalAbiViolations(kernel.Text, contract, variant)
                : FindAbiViolations(text, contract, variant, cancellationToken);
            foreach (var violation in violations)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.KernelBreaksAbi, LocationInfo.In(kernel.Path, text, violation.Span), module.FullName, kernel.Path, violation.Message));
            }
            return violations.Count == 0 ? kernel : null;
        }

        /// <summary>
        /// Whether <paramref name="kernel"/> declares the entry-point class of a variant baked from another file of the
        /// module: both files would be compiled into the assembly, and the build would fail with CS0101 on generated
        /// code instead of a diagnostic that names the files (KG0007).
        /// </summary>
        static bool DeclaresAnotherFilesClass(ModuleInfo module, CacheFile kernel, LockVariant variant, Dictionary<string, string> fileOfEntryPoint, List<DiagnosticInfo> diagnostics)
        {
            if (!fileOfEntryPoint.TryGetValue(variant.EntryPoint, out var firstFile))
            {
                fileOfEntryPoint.Add(variant.EntryPoint, variant.File);
                return false;
            }
            if (firstFile == variant.File) return false;
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.KernelBreaksAbi, LocationInfo.StartOf(kernel.Path), module.FullName, kernel.Path,
                $"it declares '{variant.EntryPoint}', which '{firstFile}' declares too; two kernel files of a module cannot declare one class: give variant '{variant.Id}' a class of its own"));
            return true;
        }

        static IReadOnlyList<KernelViolation> FindAbiViolations(SourceText text, LockContract contract, LockVariant variant, CancellationToken cancellationToken)
        {
            var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview), cancellationToken: cancellationToken);
            if (tree.GetDiagnostics(cancellationToken).FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } syntaxError)
                return [new KernelViolation($"it does not parse as C#: {syntaxError.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}", syntaxError.Location.SourceSpan)];

            var violations = new List<KernelViolation>(KernelSourcePolicy.FindViolations(tree.GetRoot(cancellationToken)));
            var argumentTypes = contract.Inputs.Concat(contract.State).Select(t => t.Dtype).ToList();
            if (KernelEntryPoint.Check((CompilationUnitSyntax)tree.GetRoot(cancellationToken), variant.EntryPoint, argumentTypes, contract.OutputDtype) is { } entryPointViolation)
                violations.Add(entryPointViolation);
            return violations;
        }

        static IReadOnlyList<KernelViolation> FindCudaAbiViolations(string text, LockContract contract, LockVariant variant)
        {
            var argumentTypes = contract.Inputs.Concat(contract.State).Select(t => t.Dtype.LockName).ToList();
            var symbols = variant.Domain.Symbols.Select(s => s.Name).ToList();
            return Cuda.CudaKernelAbi.Parse(text, variant.EntryPoint, argumentTypes, contract.OutputDtype.LockName, symbols, out var error, out var offset) is null
                ? [new KernelViolation(error!, new TextSpan(offset, 0))]
                : [];
        }

        /// <summary>
        /// The base64 metallib precompiled from <paramref name="kernel"/> on a Mac (build/precompile-metal.sh), when
        /// its header line <c>kernelgen-metallib/1 sha256=&lt;hash&gt;</c> names the verified file's hash; otherwise
        /// null, and the runtime compiles the source. A library built from another version of the file is never baked.
        /// </summary>
        static string? PrecompiledMetalLibrary(CacheFile kernel, LockVariant variant, ImmutableArray<CacheFile> cacheFiles)
        {
            var path = kernel.NormalizedPath + CacheFile.MetalLibrarySuffix;
            var text = cacheFiles.FirstOrDefault(f => f.NormalizedPath == path)?.Text;
            if (text is null) return null;
            var newline = text.IndexOf('\n');
            if (newline < 0 || text.Substring(0, newline).Trim() != MetalLibraryHeader + variant.Sha256) return null;
            var base64 = string.Concat(text.Substring(newline + 1).Split(new[] { '\r', '\n', ' ', '\t' }, System.StringSplitOptions.RemoveEmptyEntries));
            try
            {
                return System.Convert.FromBase64String(base64).Length > 0 ? base64 : null;
            }
            catch (System.FormatException)
            {
                return null;
            }
        }

        const string MetalLibraryHeader = "kernelgen-metallib/1 sha256=";

        static IReadOnlyList<KernelViolation> FindMetalAbiViolations(string text, LockContract contract, LockVariant variant)
        {
            var argumentTypes = contract.Inputs.Concat(contract.State).Select(t => t.Dtype.LockName).ToList();
            var symbols = variant.Domain.Symbols.Select(s => s.Name).ToList();
            return Metal.MetalKernelAbi.Parse(text, variant.EntryPoint, argumentTypes, contract.OutputDtype.LockName, symbols, out var error, out var offset) is null
                ? [new KernelViolation(error!, new TextSpan(offset, 0))]
                : [];
        }

        /// <summary>
        /// The module's lock: at <c>&lt;KernelGenCacheDir&gt;/&lt;Namespace.Module&gt;/kernelgen.lock.json</c>, or, when the
        /// build does not pass the cache folder, any AdditionalFile ending in <c>/kernels/&lt;Namespace.Module&gt;/kernelgen.lock.json</c>.
        /// </summary>
        static CacheFile? FindLock(string moduleFullName, ImmutableArray<CacheFile> cacheFiles, BakeSettings settings)
        {
            if (settings.CacheDirectory is { } directory)
            {
                var path = CachePaths.LockPath(directory, moduleFullName);
                return cacheFiles.FirstOrDefault(f => f.NormalizedPath == path);
            }
            var suffix = CachePaths.LockPathSuffix(moduleFullName);
            return cacheFiles
                .Where(f => CachePaths.EndsWithOrdinal(f.NormalizedPath, suffix))
                .OrderBy(f => f.NormalizedPath, System.StringComparer.Ordinal)
                .FirstOrDefault();
        }

        static BakedVariant ToBakedVariant(LockVariant variant, LockContract contract, string? cudaSource) =>
            new(
                variant.Id,
                variant.Backend,
                variant.EntryPoint,
                contract.Inputs.Concat(contract.State).Select(t => t.Dtype).ToEquatableArray(),
                contract.OutputDtype,
                variant.Domain,
                cudaSource);

        static ModuleOutput ReferenceOnly(ModuleInfo module, BakeStatus status) =>
            new(module, status, EquatableArray<string>.Empty, EquatableArray<BakedVariant>.Empty, EquatableArray<KernelSource>.Empty);
    }
}
