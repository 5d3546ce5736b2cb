using StreamSql.Runtime.Types;

namespace StreamSql.Planner;

/// <summary>A column of a relation: its (already case-normalised) name and type.</summary>
/// <param name="Hidden">Not expanded by <c>*</c> (e.g. a generated row id); still addressable by name.</param>
public sealed record ColumnDefinition(string Name, DataType Type, bool Nullable = true, bool Hidden = false)
{
    public override string ToString() => $"{Name} {Type}";
}
