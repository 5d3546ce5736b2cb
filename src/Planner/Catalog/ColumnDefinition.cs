using StreamSql.Runtime.Types;

namespace StreamSql.Planner;

/// <summary>A column of a relation: its (already case-normalised) name and type.</summary>
/// <param name="Hidden">Not expanded by <c>*</c> (e.g. a generated row id); still addressable by name.</param>
/// <param name="Default">A table column's DEFAULT; null when it has none (it is then NULL).</param>
public sealed record ColumnDefinition(string Name, DataType Type, bool Nullable = true, bool Hidden = false, ColumnDefault? Default = null)
{
    public override string ToString() => $"{Name} {Type}";
}
