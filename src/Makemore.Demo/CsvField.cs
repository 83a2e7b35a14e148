using System;

namespace Makemore.Demo;

/// <summary>One field of <c>sample</c>'s CSV output: RFC 4180, and never a formula a spreadsheet would run.</summary>
internal static class CsvField
{
    // OWASP's CSV injection guidance: a spreadsheet treats a cell starting with one of these as a formula (tab and
    // carriage return included, which some spreadsheets skip before looking for one).
    private const string FormulaStarts = "=+-@\t\r";

    /// <summary>
    /// The field as CSV: quoted (its quotes doubled) when it holds a comma, a quote or a line break, or is empty (so
    /// that an empty name is a row, not a blank line); a field that starts like a formula gets a single quote before
    /// it and is quoted, as OWASP advises, so a spreadsheet shows it as text.
    /// </summary>
    public static string Escape(string value)
    {
        bool formula = value.Length > 0 && FormulaStarts.Contains(value[0], StringComparison.Ordinal);
        if (!formula && value.Length > 0 && value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }

        return $"\"{(formula ? "'" : string.Empty)}{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
