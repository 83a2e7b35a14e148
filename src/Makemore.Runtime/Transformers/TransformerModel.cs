using System;
using System.Globalization;
using System.Linq;
using Makemore.Modeling.Neural;
using Makemore.Modeling.Parsing;
using Makemore.Symbols;

namespace Makemore.Transformers;

/// <summary>
/// A transformer a <see cref="LanguageModel"/> holds: the weights file checked once (its checksum and every weight),
/// then kept as its header, its alphabet and its parameters as float32 (a float16 file widened exactly), with the
/// passes every name begins with (<see cref="TransformerPrefixes"/>) and its matrices as halves for one-name passes
/// (<see cref="TransformerHalfPanels"/>), so that each call maps them as
/// <see cref="TransformerWeights"/> without reading the header again.
/// </summary>
internal sealed class TransformerModel
{
    private readonly NeuralHeader _header;
    private readonly byte[] _alphabetBytes;
    private readonly float[] _parameters;
    private readonly float[] _prefixes;
    private readonly short[] _halfPanels;
    private readonly TransformerPrefixes.KeptPosition[] _kept;

    private TransformerModel(NeuralHeader header, byte[] alphabetBytes, float[] parameters, string alphabet, int fileLength)
    {
        _header = header;
        _alphabetBytes = alphabetBytes;
        _parameters = parameters;
        _halfPanels = TransformerHalfPanels.Pack(parameters, header.Layout);
        _prefixes = TransformerPrefixes.Compute(TransformerWeights.FromParts(header, alphabetBytes, parameters, default, _halfPanels));
        _kept = TransformerPrefixes.CreateKept(TransformerWeights.FromParts(header, alphabetBytes, parameters));
        Alphabet = alphabet;
        AsciiIndex = SymbolIndex.BuildAscii(alphabet);
        FileLength = fileLength;
    }

    /// <summary>The boundary's stand-in, then the names' characters in increasing order, as the file holds them.</summary>
    public string Alphabet { get; }

    /// <summary>The symbol index of each ASCII character.</summary>
    public byte[] AsciiIndex { get; }

    /// <summary>The model's shape.</summary>
    public NeuralLayout Layout => _header.Layout;

    /// <summary>The bytes of the file the model was read from.</summary>
    public int FileLength { get; }

    /// <summary>
    /// The bytes the model holds for inference: the parameters as float32, their float16 copy for one-name passes (when
    /// the weights are exact halves) and the cached passes of the first two to four positions.
    /// </summary>
    public long MemoryBytes => (4L * _parameters.Length) + (2L * _halfPanels.Length) + (4L * _prefixes.Length) + _kept.Sum(table => table.Bytes);

    /// <summary>The weights as the inference kernels read them.</summary>
    public TransformerWeights Weights => TransformerWeights.FromParts(_header, _alphabetBytes, _parameters, _prefixes, _halfPanels, _kept);

    /// <summary>Checks a weights file whole and keeps what inference reads.</summary>
    /// <exception cref="ArgumentException">The bytes are not a valid weights file; the message says what is wrong and where.</exception>
    public static TransformerModel Load(ReadOnlySpan<byte> file, string parameterName)
    {
        NeuralWeightsError error = NeuralWeightsReader.Validate(file, out NeuralHeader header);
        if (!error.IsNone)
        {
            throw new ArgumentException(error.Message, parameterName);
        }

        var parameters = new float[header.Layout.ParameterCount];
        NeuralWeightsReader.ReadParameters(file, header, parameters);
        byte[] alphabetBytes = file.Slice(NeuralHeader.AlphabetOffset, 2 * header.Layout.Vocabulary).ToArray();
        return new TransformerModel(header, alphabetBytes, parameters, NeuralWeightsReader.ReadAlphabet(file, header), file.Length);
    }

    /// <summary>
    /// A names list read over the model's alphabet (the trainer's vocabulary), so that the list's names are the
    /// model's symbols: what <c>ContainsName</c> and <c>Novel</c> look names up in.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a valid names list, or holds a character the model's alphabet lacks.</exception>
    public NameList ReadNames(string text, string parameterName)
    {
        NameList names = NameListParser.Parse(text);
        if (!names.IsValid)
        {
            throw new ArgumentException(names.Describe(), parameterName);
        }

        foreach (char c in names.Alphabet.AsSpan(1))
        {
            if (SymbolLookup.IndexOf(Alphabet, AsciiIndex, c) <= 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Character {NameListError.Describe(c)} of the names is not a symbol of the model ({SymbolLookup.Characters(Alphabet)})."),
                    parameterName);
            }
        }

        return new NameList(names.Text, names.NameStarts, names.NameLengths, Alphabet, names.Errors, names.ErrorCount);
    }
}
