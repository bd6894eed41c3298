namespace KernelGen.Engine.Generation;

/// <summary>A prompt template does not parse or does not render; the message names the template.</summary>
public sealed class PromptTemplateException(string message, Exception? innerException = null)
    : Exception(message, innerException);
