using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.State;

namespace StreamSql.Runtime.Aggregates;

/// <summary>
/// count(*) without FILTER when the operator already keeps each group's net row count: it holds no
/// state of its own; the operator writes the row count in its place.
/// </summary>
public sealed class RowCountAccumulator : IAccumulator
{
    public int BytesPerGroup => 0;

    public void EnsureGroups(int groups)
    {
    }

    public void Update(int gid, EvalResult[] args, int row, int weight)
    {
    }

    public void Write(int gid, Column output, int outRow) =>
        throw new InvalidOperationException("the operator writes the row count of a group itself");

    public void Reset(int gid)
    {
    }

    public void Save(int gid, StateWriter writer)
    {
    }

    public void Load(int gid, BinaryReader reader)
    {
    }
}
