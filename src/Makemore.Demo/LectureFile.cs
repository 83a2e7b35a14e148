using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;

namespace Makemore.Demo;

/// <summary>
/// The lecture's names.txt, recognised by its SHA-256. The replay prints the lecture's published numbers beside
/// ours, and they only agree on that exact file: on any other file the table would be a list of mismatches
/// that looks like a bug in the replay, so another file is refused, saying what it is and what was expected.
/// </summary>
internal static class LectureFile
{
    public const int NameCount = 32_033;

    public const string Sha256 = "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d";

    /// <summary>Reads <paramref name="file"/>: null when it is the lecture's file, else why not, in one line.</summary>
    public static string? Read(FileInfo file, out string text)
    {
        text = string.Empty;
        if (Directory.Exists(file.FullName))
        {
            return $"{file.FullName} is a directory, not the lecture's names.txt.";
        }

        if (!file.Exists)
        {
            return $"{file.FullName} does not exist (the lecture's names.txt is in ../shared/data/ beside the project root).";
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read {file.FullName}: {e.Message}";
        }

        string sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string? notText = NamesFile.Decode(bytes, file.FullName, out text);
        if (sha256 == Sha256)
        {
            return null;
        }

        string found = notText is null ? Describe(text) : "no text (not UTF-8, nor marked as UTF-16 or UTF-32)";
        return $"{file.FullName} is not the lecture's names.txt: expected {N(NameCount)} names, sha256 {Sha256[..12]}…; found {found}, sha256 {sha256[..12]}….";
    }

    private static string Describe(string text)
    {
        try
        {
            return $"{N(LanguageModel.FromText(text).NameCount)} names";
        }
        catch (ArgumentException)
        {
            // Not a names list at all (empty, or a '.' or a control character inside a line).
            return "no valid names list";
        }
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
