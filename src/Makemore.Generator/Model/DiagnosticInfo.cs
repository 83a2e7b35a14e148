using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Makemore.Generator.Model;

/// <summary>
/// A diagnostic in value-equatable form: its descriptor (equatable by value) and where it points, but no
/// <see cref="Location"/> or <see cref="Diagnostic"/> objects, which would defeat the generator's caching; turned
/// into a <see cref="Diagnostic"/> only when reported.
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, string FilePath, TextSpan Span, LinePositionSpan LineSpan, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, string filePath, TextSpan span, LinePositionSpan lineSpan, params string[] arguments) =>
        new(descriptor, filePath, span, lineSpan, new EquatableArray<string>(arguments));

    /// <summary>A diagnostic about the file as a whole (its metadata, or a failure with no position).</summary>
    public static DiagnosticInfo ForFile(DiagnosticDescriptor descriptor, string filePath, params string[] arguments) =>
        Create(descriptor, filePath, default, default, arguments);

    public Diagnostic ToDiagnostic()
    {
        Location location = Location.Create(FilePath, Span, LineSpan);
        var arguments = new object?[Arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Arguments[i];
        }

        return Diagnostic.Create(Descriptor, location, arguments);
    }
}
