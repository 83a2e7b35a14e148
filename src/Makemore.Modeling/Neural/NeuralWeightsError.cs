// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling.Neural;

/// <summary>What is wrong with a weights file, one kind per diagnostic the generator can report.</summary>
internal enum NeuralWeightsErrorKind
{
    /// <summary>The file is valid.</summary>
    None,

    /// <summary>The file does not start with the weights magic: it is some other file.</summary>
    NotAWeightsFile,

    /// <summary>The file ends before the length its header declares (or before its header ends).</summary>
    Truncated,

    /// <summary>The file is a weights file of a newer format than this reader knows.</summary>
    NewerVersion,

    /// <summary>The header declares an impossible shape, element type, epsilon, version 0 or data offset.</summary>
    InvalidHeader,

    /// <summary>The alphabet has a surrogate, or its symbols after the boundary are not strictly increasing.</summary>
    InvalidAlphabet,

    /// <summary>The file goes on after its checksum.</summary>
    TrailingBytes,

    /// <summary>The checksum does not match the bytes: the file was damaged.</summary>
    ChecksumMismatch,

    /// <summary>A weight is infinite or not a number.</summary>
    NonFiniteWeight,
}

/// <summary>A problem with a weights file: its kind and a sentence naming the offending value and where it stands.</summary>
internal readonly struct NeuralWeightsError
{
    public NeuralWeightsError(NeuralWeightsErrorKind kind, string message)
    {
        Kind = kind;
        Message = message;
    }

    /// <summary>No problem.</summary>
    public static NeuralWeightsError None => new NeuralWeightsError(NeuralWeightsErrorKind.None, string.Empty);

    public NeuralWeightsErrorKind Kind { get; }

    /// <summary>One sentence, ending with a full stop.</summary>
    public string Message { get; }

    public bool IsNone => Kind == NeuralWeightsErrorKind.None;
}
