using StreamSql.Runtime.Types;

namespace StreamSql.Server.Engine;

/// <summary>One column of a statement's result, as RowDescription and SignalR frames describe it.</summary>
public sealed record ResultColumn(string Name, DataType Type);
