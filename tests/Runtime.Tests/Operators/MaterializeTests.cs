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
}
