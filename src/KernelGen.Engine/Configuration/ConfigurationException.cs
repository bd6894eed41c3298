namespace KernelGen.Engine.Configuration;

/// <summary>
/// <c>kernelgen.json</c> (or the options that stand in for it) is invalid. The message names the file and the JSON path of
/// the field, and never contains a secret's value.
/// </summary>
public sealed class ConfigurationException(string message) : Exception(message);
