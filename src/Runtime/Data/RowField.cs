using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Data;

/// <summary>One named, typed column of a <see cref="RowSchema"/>.</summary>
public sealed record RowField(string Name, DataType Type);
