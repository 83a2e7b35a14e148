namespace Makemore.Demo;

/// <summary>The demo's exit codes, listed in its --help.</summary>
internal static class ExitCode
{
    public const int Success = 0;

    /// <summary>The arguments were fine but the command failed (an I/O error, or anything unexpected).</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: a bad value, an unknown option, a path that is missing or the wrong file.</summary>
    public const int Usage = 2;
}
