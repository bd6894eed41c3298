using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("KernelGen.SourceGenerators.Tests")]
