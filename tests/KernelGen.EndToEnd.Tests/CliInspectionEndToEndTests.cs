using System.Text.Json.Nodes;

namespace KernelGen.EndToEnd.Tests;

/// <summary>
/// kernelgen list and doctor through the real dotnet CLI on a real build of a QuickStart copy whose kernel was edited
/// after the build (the next build would fail with KG0003, so both run with --no-build).
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(nameof(QuickStartEndToEndTests))]
public class CliInspectionEndToEndTests
{
    static DotnetCli.Result Kernelgen(params string[] arguments) =>
        DotnetCli.Run(DotnetCli.RepositoryRoot, TimeSpan.FromMinutes(8),
            ["run", "--project", "src/KernelGen.Cli", "-c", "Release", "--disable-build-servers", "--", .. arguments]);

    [Fact]
    public void List_and_doctor_report_a_kernel_edited_after_the_build_and_say_how_to_fix_it()
    {
        using var copy = new SampleCopy();
        var build = copy.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        File.AppendAllText(copy.PathOf("kernels/QuickStart.SwiGluGate/cpu/swiglu-avx2-blocks.cs"), "// edited after verification\n");
        var project = copy.PathOf("QuickStart.csproj");

        var list = Kernelgen("list", "--project", project, "--no-build", "--json");
        var doctor = Kernelgen("doctor", "--project", project, "--no-build");

        Assert.True(list.ExitCode == 0, list.ToString());
        var modules = JsonNode.Parse(list.StandardOutput[list.StandardOutput.IndexOf('{')..])!["modules"]!.AsArray()
            .ToDictionary(m => (string)m!["module"]!, m => m!);
        Assert.Equal("fresh", (string?)modules["QuickStart.RmsNorm"]["state"]);
        Assert.Equal("fresh", (string?)modules["QuickStart.RotaryEmbedding"]["state"]);
        Assert.Equal("tampered", (string?)modules["QuickStart.SwiGluGate"]["state"]);
        Assert.Equal("hash-mismatch", (string?)modules["QuickStart.SwiGluGate"]["variants"]![0]!["fileState"]);
        Assert.True((double)modules["QuickStart.RmsNorm"]["variants"]![0]!["speedupCi95Low"]! > 1.0);

        Assert.True(doctor.ExitCode == 3, doctor.ToString()); // an error finding: the tampered kernel
        Assert.Contains("ERROR  kernel cache QuickStart.SwiGluGate: ", doctor.Output);
        Assert.Contains("fix: restore the file(s) from version control, or verify the edited kernel again: kernelgen verify", doctor.Output);
        Assert.Matches(@"ok +TorchSharp native: .*libLibTorchSharp\.so loads; the libstdc\+\+ fix (was needed and is applied|is not needed)", doctor.Output);
        Assert.Contains("ok     kernel cache: 2 of 3 module(s) fresh", doctor.Output);
        Assert.Contains("[1] build QuickStart.csproj ...", doctor.Output); // redirected: plain progress lines on stderr
    }
}
