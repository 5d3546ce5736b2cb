using System.Collections.Immutable;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Data;

/// <summary>The output columns of a plan node or relation: names and runtime types, in order.</summary>
public sealed record RowSchema(ImmutableArray<RowField> Fields)
{
    public static readonly RowSchema Empty = new(ImmutableArray<RowField>.Empty);

    public int Count => Fields.Length;

    public ImmutableArray<DataType> Types => [.. Fields.Select(f => f.Type)];

    public RowField this[int index] => Fields[index];

    /// <summary>Index of the first field with this name (case-sensitive), or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Fields.Length; i++)
            if (Fields[i].Name == name)
                return i;
        return -1;
    }

    public RowSchema Concat(RowSchema other) => new(Fields.AddRange(other.Fields));

    public RowSchema Append(params RowField[] more) => new(Fields.AddRange(more));

    public static RowSchema Of(params (string Name, DataType Type)[] fields) =>
        new([.. fields.Select(f => new RowField(f.Name, f.Type))]);

    public bool Equals(RowSchema? other) => other is not null && Fields.SequenceEqual(other.Fields);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var f in Fields)
            h.Add(f);
        return h.ToHashCode();
    }

    public override string ToString() => string.Join(", ", Fields.Select(f => $"{f.Name} {f.Type}"));
}
