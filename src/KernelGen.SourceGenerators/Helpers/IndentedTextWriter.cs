using System;
using System.Text;

namespace KernelGen.SourceGenerators.Helpers;

/// <summary>Writes C# source line by line with a managed indentation level, so emitters never pad strings by hand.</summary>
internal sealed class IndentedTextWriter
{
    const string IndentUnit = "    ";

    readonly StringBuilder builder = new();
    int depth;

    /// <summary>Writes <paramref name="text"/> on its own line at the current indentation (an empty line for "").</summary>
    public void WriteLine(string text = "")
    {
        if (text.Length > 0)
        {
            for (var i = 0; i < depth; i++) builder.Append(IndentUnit);
            builder.Append(text);
        }
        // Generated files use "\n" everywhere so their text is identical on every OS.
        builder.Append('\n');
    }

    /// <summary>Writes <paramref name="header"/> and "{", indents until the scope is disposed, then writes "}" plus <paramref name="closingSuffix"/>.</summary>
    public Scope Block(string header, string closingSuffix = "")
    {
        WriteLine(header);
        WriteLine("{");
        depth++;
        return new Scope(this, "}" + closingSuffix);
    }

    /// <summary>Indents the lines written until the scope is disposed.</summary>
    public Scope Indent()
    {
        depth++;
        return new Scope(this, null);
    }

    public override string ToString() => builder.ToString();

    internal readonly struct Scope : IDisposable
    {
        readonly IndentedTextWriter writer;
        readonly string? closingLine;

        public Scope(IndentedTextWriter writer, string? closingLine)
        {
            this.writer = writer;
            this.closingLine = closingLine;
        }

        public void Dispose()
        {
            writer.depth--;
            if (closingLine is not null) writer.WriteLine(closingLine);
        }
    }
}
