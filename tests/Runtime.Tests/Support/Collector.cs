using StreamSql.Runtime.Data;
using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Tests.Support;

/// <summary>
/// The end of a test dataflow: records each epoch's output as a sorted list of "+n row" / "-n row"
/// lines (consolidated), and the watermarks it received.
/// </summary>
internal sealed class Collector : IOperator
{
    private readonly Dictionary<string, long> current = [];

    public List<List<string>> Epochs { get; } = [];

    public List<Watermark> Watermarks { get; } = [];

    public int EpochEnds { get; private set; }

    public void OnBatch(Batch batch)
    {
        foreach (var (row, weight) in batch.Rows())
        {
            var key = P.Render(row);
            current[key] = current.GetValueOrDefault(key) + weight;
        }
    }

    public void OnWatermark(Watermark watermark) => Watermarks.Add(watermark);

    public void OnEpochEnd(long epoch)
    {
        EpochEnds++;
        Epochs.Add([.. current.Where(kv => kv.Value != 0).Select(kv => (kv.Value > 0 ? "+" : "") + kv.Value + " " + kv.Key).Order(StringComparer.Ordinal)]);
        current.Clear();
    }

    /// <summary>The last epoch's changes.</summary>
    public List<string> Last => Epochs[^1];

    public void Snapshot(Stream stream)
    {
    }

    public void Restore(Stream stream)
    {
    }
}
