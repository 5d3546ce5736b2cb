namespace StreamSql.Planner;

/// <summary>
/// How COPY TO STDOUT writes rows, from its options as PostgreSQL reads them: <c>FORMAT text | csv</c>,
/// <c>HEADER</c>, <c>DELIMITER</c> (tab in text, comma in CSV) and <c>NULL</c> (<c>\N</c> in text, an
/// unquoted empty string in CSV).
/// </summary>
public sealed record CopyFormat(bool Csv, bool Header, char Delimiter, string Null)
{
    public static readonly CopyFormat Text = new(false, false, '\t', "\\N");

    public static readonly CopyFormat CsvDefault = new(true, false, ',', "");
}
