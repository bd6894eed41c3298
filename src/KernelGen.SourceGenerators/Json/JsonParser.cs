using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.SourceGenerators.Json;

/// <summary>A JSON syntax error: what was expected and the offset where the text stopped making sense.</summary>
internal sealed record JsonSyntaxError(string Message, int Position);

/// <summary>
/// A strict RFC 8259 reader (no comments, no trailing commas, unique keys) that keeps every value's span.
/// Hand-written because the generator targets netstandard2.0 and must not ship System.Text.Json into the compiler.
/// </summary>
internal sealed class JsonParser
{
    // Lock files nest four levels deep; the limit only stops hostile input from exhausting the compiler's stack.
    const int MaxDepth = 64;

    readonly string text;
    int position;

    JsonParser(string text) => this.text = text;

    /// <summary>Parses <paramref name="text"/>; returns the root, or null and the first syntax error.</summary>
    public static JsonNode? Parse(string text, out JsonSyntaxError? error)
    {
        var parser = new JsonParser(text);
        try
        {
            if (parser.Peek() == '\uFEFF') parser.position++;
            var root = parser.ReadValue(depth: 0);
            parser.SkipWhitespace();
            if (parser.position < text.Length) throw parser.Error("unexpected text after the end of the document");
            error = null;
            return root;
        }
        catch (JsonSyntaxException exception)
        {
            error = exception.Error;
            return null;
        }
    }

    JsonNode ReadValue(int depth)
    {
        if (depth > MaxDepth) throw Error($"nesting deeper than {MaxDepth} levels");
        SkipWhitespace();
        var start = position;
        switch (Peek())
        {
            case '{':
                return ReadObject(depth);
            case '[':
                return ReadArray(depth);
            case '"':
                var value = ReadString();
                return new JsonString(TextSpan.FromBounds(start, position), value);
            case 't':
                ReadKeyword("true");
                return new JsonBoolean(TextSpan.FromBounds(start, position), true);
            case 'f':
                ReadKeyword("false");
                return new JsonBoolean(TextSpan.FromBounds(start, position), false);
            case 'n':
                ReadKeyword("null");
                return new JsonNull(TextSpan.FromBounds(start, position));
            case var c when c == '-' || IsDigit(c):
                return ReadNumber();
            case '\0' when position >= text.Length:
                throw Error("unexpected end of the document, expected a value");
            default:
                throw Error($"unexpected character '{Peek()}', expected a value");
        }
    }

    JsonObject ReadObject(int depth)
    {
        var start = position;
        position++; // '{'
        var properties = new List<JsonProperty>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        SkipWhitespace();
        if (Peek() == '}')
        {
            position++;
            return new JsonObject(TextSpan.FromBounds(start, position), properties);
        }
        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"') throw Error("expected a property name in double quotes");
            var nameStart = position;
            var name = ReadString();
            if (!names.Add(name)) throw new JsonSyntaxException(new JsonSyntaxError($"duplicate property \"{name}\"", nameStart));
            SkipWhitespace();
            Expect(':', "expected ':' after a property name");
            properties.Add(new JsonProperty(name, ReadValue(depth + 1)));
            SkipWhitespace();
            if (Peek() == ',')
            {
                position++;
                continue;
            }
            Expect('}', "expected ',' or '}' after a property value");
            return new JsonObject(TextSpan.FromBounds(start, position), properties);
        }
    }

    JsonArray ReadArray(int depth)
    {
        var start = position;
        position++; // '['
        var items = new List<JsonNode>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            position++;
            return new JsonArray(TextSpan.FromBounds(start, position), items);
        }
        while (true)
        {
            items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            if (Peek() == ',')
            {
                position++;
                continue;
            }
            Expect(']', "expected ',' or ']' after an array element");
            return new JsonArray(TextSpan.FromBounds(start, position), items);
        }
    }

    string ReadString()
    {
        position++; // opening quote
        var builder = new StringBuilder();
        while (true)
        {
            if (position >= text.Length) throw Error("unterminated string");
            var c = text[position];
            if (c == '"')
            {
                position++;
                return builder.ToString();
            }
            if (c < ' ') throw Error("control character in a string (escape it)");
            if (c != '\\')
            {
                builder.Append(c);
                position++;
                continue;
            }
            position++;
            builder.Append(ReadEscape());
        }
    }

    char ReadEscape()
    {
        var escape = Peek();
        position++;
        switch (escape)
        {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (position + 4 > text.Length
                    || !int.TryParse(text.Substring(position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    throw Error("expected four hexadecimal digits after \\u");
                }
                position += 4;
                return (char)code;
            default:
                position--;
                throw Error("invalid escape sequence in a string");
        }
    }

    JsonNumber ReadNumber()
    {
        var start = position;
        if (Peek() == '-') position++;
        if (Peek() == '0')
        {
            position++;
        }
        else if (IsDigit(Peek()))
        {
            SkipDigits();
        }
        else
        {
            throw Error("expected a digit");
        }
        if (Peek() == '.')
        {
            position++;
            if (!IsDigit(Peek())) throw Error("expected a digit after the decimal point");
            SkipDigits();
        }
        if (Peek() is 'e' or 'E')
        {
            position++;
            if (Peek() is '+' or '-') position++;
            if (!IsDigit(Peek())) throw Error("expected a digit in the exponent");
            SkipDigits();
        }
        return new JsonNumber(TextSpan.FromBounds(start, position), text.Substring(start, position - start));
    }

    void ReadKeyword(string keyword)
    {
        if (string.CompareOrdinal(text, position, keyword, 0, keyword.Length) != 0) throw Error($"unexpected character '{Peek()}', expected a value");
        position += keyword.Length;
    }

    void Expect(char expected, string message)
    {
        if (Peek() != expected) throw Error(message);
        position++;
    }

    void SkipWhitespace()
    {
        while (Peek() is ' ' or '\t' or '\n' or '\r') position++;
    }

    void SkipDigits()
    {
        while (IsDigit(Peek())) position++;
    }

    char Peek() => position < text.Length ? text[position] : '\0';

    static bool IsDigit(char c) => c is >= '0' and <= '9';

    JsonSyntaxException Error(string message) => new(new JsonSyntaxError(message, position));

    /// <summary>Unwinds the recursive descent to <see cref="Parse"/>; never escapes this class.</summary>
    sealed class JsonSyntaxException : Exception
    {
        public JsonSyntaxException(JsonSyntaxError error)
            : base(error.Message) => Error = error;

        public JsonSyntaxError Error { get; }
    }
}
