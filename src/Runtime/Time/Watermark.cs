namespace StreamSql.Runtime.Time;

/// <summary>
/// An in-band promise about one column of a changelog: every row still to come has
/// <c>column &gt;= Value</c> (in the column's representation, microseconds for timestamps).
/// A row with a smaller value is late. Watermarks only move forward.
/// </summary>
public readonly record struct Watermark(int Column, long Value);
