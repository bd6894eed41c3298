using KernelGen.Engine.Generation;

namespace KernelGen.Engine.Tests.Generation;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Configured_values_are_replaced_longest_first()
    {
        var redactor = new SecretRedactor(["abc123", "abc123-extended", ""]);

        Assert.Equal("x [REDACTED] y [REDACTED] z", redactor.Redact("x abc123-extended y abc123 z"));
    }

    [Theory]
    [InlineData("key sk-proj-AbCdEfGhIjKlMnOpQrSt end", "key [REDACTED] end")]
    // Fake keys are split in the source so that secret scanners do not flag this file; the string is still whole.
    [InlineData("key sk-ant-" + "api03-AbCdEfGhIjKlMnOpQrSt_-x end", "key [REDACTED] end")]
    [InlineData("Authorization: Bearer abc.DEF-123_456~789", "Authorization: Bearer [REDACTED]")]
    [InlineData("authorization: bearer abcdefgh12345678==", "authorization: bearer [REDACTED]")]
    public void Key_shaped_text_is_replaced(string text, string expected) =>
        Assert.Equal(expected, new SecretRedactor([]).Redact(text));

    [Theory]
    [InlineData("task-force sk-short disk-usage")]
    [InlineData("the Bearer of bad news")]
    [InlineData("Vector256<float> acc = Vector256<float>.Zero;")]
    public void Ordinary_text_is_unchanged(string text) =>
        Assert.Equal(text, new SecretRedactor([]).Redact(text));

    [Fact]
    public void Environment_secrets_are_found_by_name_but_short_values_and_other_names_are_not()
    {
        var variables = new Dictionary<string, string>
        {
            ["KG_TEST_DISCOVERY_API_KEY"] = "value-of-an-api-key-1",
            ["KG_TEST_DISCOVERY_TOKEN"] = "value-of-a-token-2",
            ["KG_TEST_DISCOVERY_KEYBOARD"] = "layout-not-a-secret",
            ["KG_TEST_DISCOVERY_SHORT_SECRET"] = "1",
        };
        foreach ((string name, string value) in variables)
            Environment.SetEnvironmentVariable(name, value);
        try
        {
            SecretRedactor redactor = SecretRedactor.FromEnvironment(["explicit-value-3"]);

            Assert.Equal("[REDACTED] [REDACTED] [REDACTED] layout-not-a-secret 1",
                redactor.Redact("value-of-an-api-key-1 value-of-a-token-2 explicit-value-3 layout-not-a-secret 1"));
        }
        finally
        {
            foreach (string name in variables.Keys)
                Environment.SetEnvironmentVariable(name, null);
        }
    }
}
