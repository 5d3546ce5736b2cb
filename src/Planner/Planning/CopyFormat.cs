using System.Collections.Immutable;

namespace StreamSql.Planner;

/// <summary>
/// How COPY reads or writes rows, from its options as PostgreSQL reads them: <c>FORMAT text | csv |
/// binary</c>, <c>HEADER</c> (<c>MATCH</c> on input: the header must name the columns), <c>DELIMITER</c>
/// (tab in text, comma in CSV), <c>NULL</c> (<c>\N</c> in text, an unquoted empty string in CSV), and
/// for CSV <c>QUOTE</c>, <c>ESCAPE</c> (the quote by default), <c>FORCE_NOT_NULL</c> and
/// <c>FORCE_NULL</c> (positions in the COPY's column list).
/// </summary>
public sealed record CopyFormat(bool Csv, bool Header, char Delimiter, string Null)
{
    public static readonly CopyFormat Text = new(false, false, '\t', "\\N");

    public static readonly CopyFormat CsvDefault = new(true, false, ',', "");

    public static readonly CopyFormat BinaryDefault = new(false, false, '\t', "\\N") { Binary = true };

    /// <summary>PostgreSQL's binary COPY format (PGCOPY header, length-prefixed fields).</summary>
    public bool Binary { get; init; }

    /// <summary><c>HEADER MATCH</c>: the header line's names must be the column names, in order (COPY FROM only).</summary>
    public bool HeaderMatch { get; init; }

    public char Quote { get; init; } = '"';

    public char Escape { get; init; } = '"';

    /// <summary>Columns (positions in the COPY's column list) whose NULL string is read as a value, not NULL.</summary>
    public ImmutableArray<int> ForceNotNull { get; init; } = [];

    /// <summary>Columns whose quoted NULL string is read as NULL too.</summary>
    public ImmutableArray<int> ForceNull { get; init; } = [];
}
