using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Makemore.Generator.Model;
using Makemore.Modeling.Parsing;
using Microsoft.CodeAnalysis.Text;

namespace Makemore.Generator;

public sealed partial class MakemoreGenerator
{
    /// <summary>Bytes of the weights a line of the generated array holds.</summary>
    private const int WeightBytesPerLine = 64;

    /// <summary>
    /// Writes a transformer's class: its shape as constants, the weights file as constant data in the assembly's data
    /// section (no static constructor, nothing read until the model is first used): its base64 as a UTF-8 raw string
    /// literal, or under C# 10, which has no UTF-8 literals, a <c>ReadOnlySpan&lt;byte&gt;</c> over an array literal of its
    /// bytes; then <c>Model</c> (the <c>LanguageModel</c> loaded from those bytes on first
    /// use), <c>Tables</c> and the members every model class declares.
    /// </summary>
    private static string EmitTransformer(ModelSpec spec, NeuralSpec neural, bool utf8Literals)
    {
        byte[] weights = Convert.FromBase64String(neural.Base64);
        var builder = new StringBuilder(capacity: 16384 + (weights.Length * 4));
        FileHeader(builder, spec, "train the weights again");
        builder.Append("/// <summary>\n")
            .Append("/// Character-level transformer compiled from <c>").Append(Xml(spec.FileName)).Append("</c>: ")
            .Append(Int(neural.Layers)).Append(" layers, ").Append(Int(neural.Heads)).Append(" heads, embedding ").Append(Int(neural.Embedding))
            .Append(", context ").Append(Int(neural.Context)).Append(", ").Append(Int(spec.Alphabet.Length)).Append(" symbols; ")
            .Append(neural.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)).Append(' ').Append(neural.ElementType).Append(" parameters.\n")
            .Append("/// Every member forwards to <see cref=\"Model\"/>, loaded from the weights below on the class's first use, as\n")
            .Append("/// <see cref=\"global::Makemore.LanguageModel.FromWeights\"/> loads the same file");
        if (neural.Names is null)
        {
            builder.Append(". The file holds no names list, so\n")
                .Append("/// <see cref=\"ContainsName\"/> is false and <c>Novel</c> options throw; <c>MakemoreNames</c> on the item pairs it with one.\n");
        }
        else
        {
            builder.Append(" with its names: <see cref=\"ContainsName\"/> and <c>Novel</c> know the\n")
                .Append("/// ").Append(Int(spec.NameCount)).Append(" names of <c>").Append(Xml(neural.NamesFileName)).Append("</c> (<c>MakemoreNames</c>).\n");
        }

        builder.Append("/// </summary>\n");
        if (SingleLineDescription(neural.Description) is { Length: > 0 } description)
        {
            builder.Append("/// <remarks>").Append(Xml(description)).Append("</remarks>\n");
        }

        ClassDeclaration(builder, spec);

        Constant(builder, "The model's order n: each symbol is drawn given the n − 1 symbols before it, every symbol of the name so far (the network's context).", "int", GeneratedMembers.Order, Int(spec.Order));
        Constant(builder, "Number of symbols V, the start/end token included.", "int", GeneratedMembers.VocabularySize, Int(spec.Alphabet.Length));
        Constant(builder, "Number of transformer blocks.", "int", GeneratedMembers.Layers, Int(neural.Layers));
        Constant(builder, "Number of attention heads in each block.", "int", GeneratedMembers.Heads, Int(neural.Heads));
        Constant(builder, "Size of the embedding (the residual stream).", "int", GeneratedMembers.Embedding, Int(neural.Embedding));
        Constant(builder, "Number of parameters.", "int", GeneratedMembers.ParameterCount, Int(neural.ParameterCount));
        if (neural.Names is not null)
        {
            ListConstants(builder, spec, "Number of names in the list (<c>MakemoreNames</c>).");
        }

        EndAlphabetAndModel(
            builder,
            spec,
            "The model, loaded from the weights on first use, then kept: keep it in a field, pass it anywhere.",
            "LoadWeights",
            neural.Names is null ? GeneratedMembers.Weights : GeneratedMembers.Weights + ", " + GeneratedMembers.KnownNames);

        if (utf8Literals)
        {
            // One literal token, which the compiler reads at once, where it binds an array literal's elements one by
            // one (bench/RESULTS.md); the price is a third more bytes in the assembly.
            builder.Append("    /// <summary>The weights file as base64, UTF-8 (checked when it was compiled; decoded on first use).</summary>\n")
                .Append("    private static global::System.ReadOnlySpan<byte> ").Append(GeneratedMembers.Weights).Append(" => \"\"\"\n")
                .Append(Convert.ToBase64String(weights, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n"))
                .Append("\n\"\"\"u8;\n\n");
        }
        else
        {
            builder.Append("    /// <summary>The weights file, byte for byte (checked when it was compiled).</summary>\n")
                .Append("    private static global::System.ReadOnlySpan<byte> ").Append(GeneratedMembers.Weights).Append(" => ");
            ByteArray(builder, weights);
        }

        if (neural.Names is { } names)
        {
            NamesLiteral(builder, names, neural.NamesFileName, utf8Literals);
        }

        builder.Append(Forwarders);
        return builder.ToString();
    }

    /// <summary>A <c>ReadOnlySpan&lt;byte&gt;</c> property's body under C# 10: an array literal of the bytes, then the semicolon.</summary>
    private static void ByteArray(StringBuilder builder, byte[] bytes)
    {
        builder.Append("new byte[]\n    {");
        for (int i = 0; i < bytes.Length; i++)
        {
            builder.Append(i % WeightBytesPerLine == 0 ? "\n        " : string.Empty)
                .Append(bytes[i].ToString(CultureInfo.InvariantCulture))
                .Append(',');
        }

        builder.Append("\n    };\n\n");
    }

    /// <summary>
    /// The paired names list as constant data: a UTF-8 raw string literal, one name a line, read as it is (no name
    /// begins with whitespace, so no indentation is taken off; the delimiter is one quote longer than the longest run of
    /// quotes), or under C# 10 an array literal of its UTF-8 bytes (a <c>ReadOnlySpan&lt;byte&gt;</c> either way, for
    /// one <c>GeneratedModel.LoadWeights</c>).
    /// </summary>
    private static void NamesLiteral(StringBuilder builder, string names, string listFileName, bool utf8Literals)
    {
        builder.Append("    /// <summary>The names of <c>").Append(Xml(listFileName)).Append("</c>, one a line (checked when it was compiled): what ContainsName and Novel look names up in.</summary>\n")
            .Append("    private static global::System.ReadOnlySpan<byte> ").Append(GeneratedMembers.KnownNames).Append(" => ");
        if (!utf8Literals)
        {
            ByteArray(builder, Encoding.UTF8.GetBytes(names));
            return;
        }

        RawUtf8Literal(builder, names);
    }

    /// <summary>Where the names section of a converted weights text starts (a line "#names", Makemore.targets), or −1.</summary>
    private static int NamesSection(string converted)
    {
        int at = converted.IndexOf("#names", StringComparison.Ordinal);
        return at == 0 || (at > 0 && converted[at - 1] == '\n') ? at : -1;
    }

    /// <summary>
    /// Reads the names list Makemore.targets put after the weights (its bytes as base64, decoded as the compiler decodes
    /// a list) and checks it as a list and over the weights' alphabet; the diagnostics point into the list's own file.
    /// </summary>
    /// <returns>What is wrong with the list (then <paramref name="names"/> is null), or nothing.</returns>
    private static DiagnosticInfo[] ReadPairedNames(string section, ModelRequest request, string alphabet, out NameList? names)
    {
        names = null;
        string path = request.NamesFile ?? request.Names!;
        string listName = Path.GetFileName(path);
        string status = section.Substring("#names".Length);
        if (status.StartsWith(" missing", StringComparison.Ordinal))
        {
            return [DiagnosticInfo.ForFile(DiagnosticDescriptors.FileNotFound, path, listName, path, "MakemoreNames")];
        }

        if (status.StartsWith(" unreadable", StringComparison.Ordinal))
        {
            return [DiagnosticInfo.ForFile(DiagnosticDescriptors.UnreadableFile, path, listName, path)];
        }

        SourceText text;
        try
        {
            using var stream = new MemoryStream(Convert.FromBase64String(status), writable: false);
            text = SourceText.From(stream, encoding: null, SourceHashAlgorithm.Sha1, throwIfBinaryDetected: true);
        }
        catch (FormatException)
        {
            string weightsName = Path.GetFileName(request.FilePath);
            return [DiagnosticInfo.ForFile(DiagnosticDescriptors.UnconvertedWeights, request.FilePath, weightsName, "its names list is not base64 text")];
        }
        catch (InvalidDataException)
        {
            return [DiagnosticInfo.ForFile(DiagnosticDescriptors.UnreadableFile, path, listName, path)];
        }

        NameList list = NameListParser.Parse(text.ToString());
        if (!list.IsValid)
        {
            return Locate(list, path, listName, text);
        }

        var problems = new List<DiagnosticInfo>();
        int unreported = 0;
        for (int i = 1; i < list.Alphabet.Length; i++)
        {
            char c = list.Alphabet[i];
            if (alphabet.IndexOf(c, 1) > 0)
            {
                continue;
            }

            if (problems.Count == MaxAlphabetProblems)
            {
                unreported++;
                continue;
            }

            int offset = list.Text.IndexOf(c);
            LinePosition start = text.Lines.GetLinePosition(offset);
            problems.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NamesNotInAlphabet,
                path,
                new TextSpan(offset, 1),
                new LinePositionSpan(start, new LinePosition(start.Line, start.Character + 1)),
                listName,
                NameListError.Describe(c),
                Int(start.Line + 1),
                Int(start.Character + 1),
                Path.GetFileName(request.FilePath),
                Characters(alphabet)));
        }

        if (unreported > 0)
        {
            problems.Add(DiagnosticInfo.ForFile(DiagnosticDescriptors.MoreErrors, path, listName, Int(unreported), Int(MaxAlphabetProblems)));
        }

        if (problems.Count == 0)
        {
            names = list;
        }

        return [.. problems];
    }

    /// <summary>Characters of a paired list that the weights lack, reported one by one before the rest are counted (MM0017).</summary>
    private const int MaxAlphabetProblems = 10;

    /// <summary>A transformer's characters (its alphabet but the end's stand-in), for a message: all of them up to 64, else a count.</summary>
    private static string Characters(string alphabet) =>
        alphabet.Length - 1 <= 64
            ? "its characters are \"" + SingleLine(alphabet.Substring(1)) + "\""
            : "it has " + Int(alphabet.Length - 1) + " characters";

    /// <summary>The list's names, one a line, as the generated class holds them.</summary>
    private static string NamesText(NameList names)
    {
        var builder = new StringBuilder(names.Text.Length);
        for (int i = 0; i < names.Count; i++)
        {
            builder.Append(i == 0 ? string.Empty : "\n").Append(names.Text, names.NameStarts[i], names.NameLengths[i]);
        }

        return builder.ToString();
    }

    /// <summary>A names list's report, with MM0031 when the item also has MakemoreNames, which only a weights file takes.</summary>
    private static EquatableArray<DiagnosticInfo> WithNamesIgnored(EquatableArray<DiagnosticInfo> report, ModelRequest request, string fileName)
    {
        if (request.Names is not { } written)
        {
            return report;
        }

        var all = new DiagnosticInfo[report.Length + 1];
        for (int i = 0; i < report.Length; i++)
        {
            all[i] = report[i];
        }

        all[report.Length] = DiagnosticInfo.ForFile(DiagnosticDescriptors.NamesOnAList, request.FilePath, fileName, written);
        return new EquatableArray<DiagnosticInfo>(all);
    }

    /// <summary>The trainer's description on one line, for a doc comment (line breaks and control characters as spaces).</summary>
    private static string SingleLineDescription(string description)
    {
        var builder = new StringBuilder(description.Length);
        foreach (char c in description)
        {
            builder.Append(char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }
}
