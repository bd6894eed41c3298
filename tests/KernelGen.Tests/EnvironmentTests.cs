using KernelGen.Runtime;

namespace KernelGen.Tests;

[Collection(RuntimeCollection.Name)]
public class EnvironmentTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData("", 0)]
    [InlineData("0.25", 0.25)]
    [InlineData("1", 1)]
    [InlineData("1e-3", 0.001)]
    [InlineData("1.5", 0)]
    [InlineData("-0.1", 0)]
    [InlineData("0,5", 0)]
    [InlineData("often", 0)]
    public void The_shadow_rate_variable_accepts_fractions_from_0_to_1(string? value, double expected) =>
        Assert.Equal(expected, KernelGenEnvironment.ParseShadowRate(value));

    [Fact]
    public void The_backends_variable_is_a_case_insensitive_list_and_blank_means_all()
    {
        Assert.Null(KernelGenEnvironment.ParseBackends(null));
        Assert.Null(KernelGenEnvironment.ParseBackends("  "));
        var backends = KernelGenEnvironment.ParseBackends(" CPU , cuda,")!;
        Assert.Equal(2, backends.Count);
        Assert.Contains("cpu", backends);
        Assert.Contains("CUDA", backends);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void The_shadow_rate_property_rejects_values_outside_0_to_1(double rate)
    {
        using var settings = new RuntimeSettings();
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelGenEnvironment.ShadowRate = rate);
        Assert.Equal(0, KernelGenEnvironment.ShadowRate);
    }

    [Fact]
    public void An_empty_backend_list_from_code_enables_none()
    {
        using var settings = new RuntimeSettings();
        KernelGenEnvironment.Backends = [];
        Assert.False(KernelGenEnvironment.IsBackendEnabled("cpu"));
        KernelGenEnvironment.Backends = null;
        Assert.True(KernelGenEnvironment.IsBackendEnabled("cpu"));
    }
}
