using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.State;

namespace StreamSql.Runtime.Aggregates;

/// <summary>
/// The state of one aggregate call for every group, indexed by dense group id. Updates carry a
/// weight (negative = retraction), so every aggregate can be maintained under deletes.
/// </summary>
public interface IAccumulator
{
    /// <summary>Makes room for group ids below <paramref name="groups"/>.</summary>
    void EnsureGroups(int groups);

    /// <summary>Folds one input row (its evaluated arguments at physical row <paramref name="row"/>) into a group.</summary>
    void Update(int gid, EvalResult[] args, int row, int weight);

    /// <summary>Writes the group's current result into <paramref name="output"/> at <paramref name="outRow"/>.</summary>
    void Write(int gid, Column output, int outRow);

    /// <summary>Clears a group's state so its id can be reused.</summary>
    void Reset(int gid);

    void Save(int gid, StateWriter writer);

    void Load(int gid, BinaryReader reader);

    /// <summary>Bytes of state per group (fixed part), for the state-size benchmark.</summary>
    int BytesPerGroup { get; }
}
