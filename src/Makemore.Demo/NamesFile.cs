using System;
using System.IO;
using System.Text;

namespace Makemore.Demo;

/// <summary>Reads any names list a command is given, saying in one line why a path will not do.</summary>
internal static class NamesFile
{
    /// <summary>Reads <paramref name="file"/>: null when it could be read, else why not, in one line.</summary>
    public static string? Read(FileInfo file, out string text)
    {
        text = string.Empty;
        if (Directory.Exists(file.FullName))
        {
            return $"{file.FullName} is a directory, not a names list.";
        }

        if (!file.Exists)
        {
            return $"{file.FullName} does not exist.";
        }

        try
        {
            // A BOM survives as U+FEFF, which the names parser ignores.
            text = Encoding.UTF8.GetString(File.ReadAllBytes(file.FullName));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read {file.FullName}: {e.Message}";
        }
    }
}
