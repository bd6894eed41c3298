using KernelGen.Engine.Tests.Corpus;
using KernelGen.Engine.Tests.Fixtures;

namespace KernelGen.Engine.Tests;

[Collection(WorkerCollection.Name)]
public sealed class DescribeTests(WorkerFixture fixture)
{
    [Fact]
    public void Describe_finds_every_annotated_module_with_its_fingerprint()
    {
        Assert.Equal([typeof(TestSoftmax).FullName, typeof(TestArgMax).FullName, typeof(TestRmsNorm).FullName, typeof(TestSiluMul).FullName], fixture.Modules.Select(m => m.Module).Order());
        Assert.Equal(new string('1', 64), fixture.RmsNorm.Fingerprint);
        Assert.Equal("test RMSNorm", fixture.RmsNorm.Source);
    }

    [Fact]
    public void Describe_reports_inputs_by_reference_parameter_name_then_state_then_output()
    {
        var contract = fixture.RmsNorm.Contract;
        var input = Assert.Single(contract.Inputs);
        Assert.Equal(("x", "float32"), (input.Name, input.Dtype));
        Assert.Equal([48, 64], input.Shape);
        var weight = Assert.Single(contract.State);
        Assert.Equal(("weight", "float32"), (weight.Name, weight.Dtype));
        Assert.Equal([64], weight.Shape);
        Assert.Equal([48, 64], contract.Output.Shape);
        Assert.Equal((48 * 64 + 64 + 48 * 64) * 4, contract.BytesMoved);
        Assert.Equal(["x", "y"], fixture.SiluMul.Contract.Inputs.Select(i => i.Name));
        Assert.Empty(fixture.SiluMul.Contract.State);
    }
}
