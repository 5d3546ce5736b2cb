using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Operators;

/// <summary>
/// A view's committed contents and per-epoch changes, in both forms: hashed (rows with their
/// multiplicity, for inputs that retract) and appended (columns, for inputs that never retract).
/// </summary>
public class MaterializeTests
{
    private static readonly Data.RowSchema Rows = Schema(("k", DataType.Text), ("n", DataType.Int64), ("t", DataType.Timestamp));

    private static string Text(object?[] row) => string.Join("|", row.Select(v => v?.ToString() ?? "NULL"));

    private static (MaterializeOperator View, List<List<string>> Epochs) View(bool appendOnly)
    {
        var view = new MaterializeOperator(Rows.Types, appendOnly);
        var epochs = new List<List<string>>();
        view.Committed += (_, changes, _) => epochs.Add([.. changes.Select(c => $"{c.Weight:+0;-0} {Text(c.Row)}")]);
        return (view, epochs);
    }

    [Fact]
    public void AnAppendOnlyViewCommitsWhatEachEpochAppendedAndReadsItBack()
    {
        var (view, epochs) = View(appendOnly: true);
        view.OnBatch(Batch(Rows, Row("a", 1L, Ts("2024-01-01 00:00:01")), Row(null, null, null)));
        view.OnBatch(Batch(Rows, 2, Row("b", 2L, Ts("2024-01-01 00:00:02"))));
        Assert.Equal(0, view.RowCount);
        Assert.Empty(view.ReadRows());
        view.OnEpochEnd(1);
        view.OnEpochEnd(2);
        view.OnBatch(Batch(Rows, Row("a", 1L, Ts("2024-01-01 00:00:01"))));
        view.OnEpochEnd(3);

        Assert.Equal(
            [[$"+1 a|1|{Ts("2024-01-01 00:00:01")}", "+1 NULL|NULL|NULL", $"+2 b|2|{Ts("2024-01-01 00:00:02")}"], [], [$"+1 a|1|{Ts("2024-01-01 00:00:01")}"]],
            epochs);
        Assert.Equal(4, view.RowCount);
        Assert.Equal(["a|1", "NULL|NULL", "b|2", "b|2", "a|1"], view.ReadRows().Select(r => $"{r[0] ?? "NULL"}|{r[1] ?? "NULL"}"));
        using var batch = view.ReadBatch();
        Assert.Equal([1, 1, 2, 1], batch.Weights[..batch.RowCount]);
        Assert.Throws<InvalidOperationException>(() => view.OnBatch(Batch(Rows, -1, Row("a", 1L, null))));
    }

    [Fact]
    public void BothFormsRestoreEachOthersSnapshotsWithTheSameContents()
    {
        foreach (var (from, to) in new[] { (true, false), (false, true), (true, true), (false, false) })
        {
            var (view, _) = View(from);
            view.OnBatch(Batch(Rows, Row("a", 1L, null), Row("b", null, Ts("2024-01-01 00:00:00")), Row("a", 1L, null)));
            view.OnEpochEnd(1);
            using var stream = new MemoryStream();
            view.Snapshot(stream);
            var (copy, epochs) = View(to);
            stream.Position = 0;
            copy.Restore(stream);
            Assert.Equal(view.ReadRows().Select(Text).Order(), copy.ReadRows().Select(Text).Order());
            Assert.Equal(3, copy.ReadRows().Count);
            copy.OnBatch(Batch(Rows, Row("c", 3L, null)));
            copy.OnEpochEnd(2);
            Assert.Equal(["+1 c|3|NULL"], Assert.Single(epochs));
            Assert.Equal(4, copy.ReadRows().Count);
        }
    }

    /// <summary>Takes the view's delta (what changed since the last one).</summary>
    private static byte[] TakeDelta(MaterializeOperator view)
    {
        using var stream = new MemoryStream();
        view.SnapshotDelta(stream);
        return stream.ToArray();
    }

    /// <summary>What a hashed view's delta holds: each row with its count now, in text.</summary>
    private static List<string> Decode(byte[] delta)
    {
        var rows = new List<string>();
        State.ChangedKeys.ReadCounts(new MemoryStream(delta), (row, count) => rows.Add($"{Text(row.Values)} x{count}"));
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    private static MaterializeOperator Restored(bool appendOnly, MemoryStream snapshot, params byte[][] deltas)
    {
        var (copy, _) = View(appendOnly);
        snapshot.Position = 0;
        copy.Restore(snapshot);
        foreach (var delta in deltas)
            copy.ApplyDelta(new MemoryStream(delta));
        return copy;
    }

    [Fact]
    public void ADeltaHoldsOnlyRowsWhoseCountDiffersFromTheLastCheckpointAndRebuildsTheContents()
    {
        var (view, _) = View(appendOnly: false);
        view.OnBatch(Batch(Rows, Row("a", 1L, null), Row("b", 1L, null)));
        view.OnEpochEnd(1);
        using var snapshot = new MemoryStream();
        view.Snapshot(snapshot);
        view.BeginDelta();
        // A running count: each epoch retracts the previous row of "a" and adds the next.
        for (long n = 2; n <= 4; n++)
        {
            view.OnBatch(Batch(Rows, -1, Row("a", n - 1, null)));
            view.OnBatch(Batch(Rows, Row("a", n, null)));
            view.OnEpochEnd(n);
        }

        // "b" rose and fell back: unchanged since the checkpoint.
        view.OnBatch(Batch(Rows, Row("b", 1L, null)));
        view.OnEpochEnd(5);
        view.OnBatch(Batch(Rows, -1, Row("b", 1L, null)));
        view.OnEpochEnd(6);
        var first = TakeDelta(view);
        // a|2 and a|3 came and went between checkpoints: only a|1 (gone) and a|4 (new) are written.
        Assert.Equal(["a|1|NULL x0", "a|4|NULL x1"], Decode(first));
        // The next delta starts from there.
        view.OnBatch(Batch(Rows, Row("c", 1L, null)));
        view.OnEpochEnd(7);
        var second = TakeDelta(view);
        Assert.Equal(["c|1|NULL x1"], Decode(second));

        var copy = Restored(appendOnly: false, snapshot, first, second);
        Assert.Equal(["a|4|NULL", "b|1|NULL", "c|1|NULL"], copy.ReadRows().Select(Text).Order());
        Assert.Equal(view.ReadRows().Select(Text).Order(), copy.ReadRows().Select(Text).Order());
    }

    [Fact]
    public void AnAppendOnlyViewsDeltaIsTheRowsCommittedSinceTheLastCheckpoint()
    {
        var (view, _) = View(appendOnly: true);
        view.OnBatch(Batch(Rows, Row("a", 1L, null)));
        view.OnEpochEnd(1);
        using var snapshot = new MemoryStream();
        view.Snapshot(snapshot);
        view.BeginDelta();
        view.OnBatch(Batch(Rows, Row("b", 2L, null)));
        view.OnEpochEnd(2);
        // Appended but not committed: not in this delta.
        view.OnBatch(Batch(Rows, Row("c", 3L, null)));
        var first = TakeDelta(view);
        view.OnEpochEnd(3);
        var second = TakeDelta(view);

        Assert.Equal(["a|1|NULL", "b|2|NULL"], Restored(appendOnly: true, snapshot, first).ReadRows().Select(Text));
        Assert.Equal(["a|1|NULL", "b|2|NULL", "c|3|NULL"], Restored(appendOnly: true, snapshot, first, second).ReadRows().Select(Text));
    }
}
