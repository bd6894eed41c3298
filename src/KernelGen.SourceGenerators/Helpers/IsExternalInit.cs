namespace System.Runtime.CompilerServices;

/// <summary>Lets records compile for netstandard2.0, whose base library predates init-only setters.</summary>
internal static class IsExternalInit;
