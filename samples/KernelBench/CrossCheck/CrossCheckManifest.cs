using System.Text.Json;
using System.Text.Json.Serialization;

namespace KernelBench.CrossCheck;

/// <summary>One tensor written by crosscheck.py: a raw little-endian file, its dtype and shape.</summary>
public sealed record TensorFile(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("dtype")] string Dtype,
    [property: JsonPropertyName("shape")] long[] Shape);

/// <summary>A named state-dict entry.</summary>
public sealed record StateFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("dtype")] string Dtype,
    [property: JsonPropertyName("shape")] long[] Shape)
{
    /// <summary>The file part of the entry.</summary>
    public TensorFile Tensor => new(File, Dtype, Shape);
}

/// <summary>What PyTorch computed for one problem.</summary>
public sealed record ProblemRecord(
    [property: JsonPropertyName("level")] int Level,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("training")] bool Training,
    [property: JsonPropertyName("inputs")] TensorFile[] Inputs,
    [property: JsonPropertyName("state")] StateFile[] State,
    [property: JsonPropertyName("outputFloat32")] TensorFile OutputFloat32,
    [property: JsonPropertyName("outputFloat64")] TensorFile OutputFloat64);

/// <summary><c>manifest.json</c> of a cross-check folder.</summary>
public sealed record CrossCheckManifest(
    [property: JsonPropertyName("torch")] string Torch,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("problems")] ProblemRecord[] Problems)
{
    /// <summary>Reads <c>manifest.json</c> from <paramref name="folder"/>, with a clear error when it is missing or malformed.</summary>
    public static CrossCheckManifest Read(string folder)
    {
        var path = Path.Combine(folder, "manifest.json");
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} not found: run crosscheck/crosscheck.py <folder> with PyTorch first");
        return JsonSerializer.Deserialize<CrossCheckManifest>(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"{path} is empty");
    }
}
