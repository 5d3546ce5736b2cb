namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>The record formats of <c>FORMAT JSON | CSV | TEXT</c>.</summary>
public enum RecordFormatKind
{
    /// <summary>One JSON object per line; fields by column name.</summary>
    Json,

    /// <summary>RFC 4180 comma-separated values; fields by position.</summary>
    Csv,

    /// <summary>Plain lines: the whole line, or fields split by a delimiter, by position.</summary>
    Text,
}
