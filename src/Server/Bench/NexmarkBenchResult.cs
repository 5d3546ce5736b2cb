using System.Globalization;
using System.Text;

namespace StreamSql.Server.Bench;

/// <summary>What one <c>streamsql bench nexmark</c> run measured.</summary>
/// <param name="Seconds">Wall time of the epochs that processed the events (setup and the reference excluded).</param>
/// <param name="EventsPerSecondPerCore">Events per second of process CPU time (all threads, GC included).</param>
/// <param name="PeakMemoryBytes">The process's peak working set when the last epoch committed.</param>
public sealed record NexmarkBenchResult(
    string Query,
    long Events,
    double Seconds,
    double EventsPerSecond,
    double EventsPerSecondPerCore,
    long PeakMemoryBytes,
    double EpochLatencyMsP50,
    double EpochLatencyMsP99,
    bool MatchesReference)
{
    /// <summary>The one-line JSON form, keys in this order.</summary>
    public string ToJson()
    {
        var c = CultureInfo.InvariantCulture;
        var json = new StringBuilder();
        json.Append("{\"query\":\"").Append(Query).Append('"');
        json.Append(",\"events\":").Append(Events.ToString(c));
        json.Append(",\"seconds\":").Append(Seconds.ToString("0.###", c));
        json.Append(",\"events_per_second\":").Append(Math.Round(EventsPerSecond).ToString("0", c));
        json.Append(",\"events_per_second_per_core\":").Append(Math.Round(EventsPerSecondPerCore).ToString("0", c));
        json.Append(",\"peak_memory_bytes\":").Append(PeakMemoryBytes.ToString(c));
        json.Append(",\"epoch_latency_ms_p50\":").Append(EpochLatencyMsP50.ToString("0.###", c));
        json.Append(",\"epoch_latency_ms_p99\":").Append(EpochLatencyMsP99.ToString("0.###", c));
        json.Append(",\"matches_reference\":").Append(MatchesReference ? "true" : "false");
        return json.Append('}').ToString();
    }
}
