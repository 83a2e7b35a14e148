using System.IO;
using System.Reflection;

namespace Makemore.Demo;

/// <summary>The names list the demo's <see cref="NameModel"/> was compiled from, embedded in the demo.</summary>
internal static class EmbeddedNames
{
    public static string ReadText()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("names.txt")
            ?? throw new InvalidDataException("The embedded names.txt is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
