using System.Globalization;
using System.Text;

namespace StreamSql.Server.Live;

/// <summary>
/// The Prometheus text exposition format (version 0.0.4) of a <see cref="MetricsSnapshot"/>:
/// <c># HELP</c> and <c># TYPE</c> once per family, then <c>name{label="value"} number</c> lines.
/// Label values escape backslash, double quote and newline, as the format requires.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(MetricsSnapshot m)
    {
        var sb = new StringBuilder(1024);
        Family(sb, "streamsql_epoch", "gauge", "The last committed epoch.");
        Line(sb, "streamsql_epoch", null, m.Epoch);
        Family(sb, "streamsql_epochs_per_second", "gauge", "Committed epochs per second over the last sample.");
        Line(sb, "streamsql_epochs_per_second", null, m.EpochsPerSecond);
        Family(sb, "streamsql_epoch_interval_seconds", "gauge", "Mean wall time between committed epochs over the last sample.");
        Line(sb, "streamsql_epoch_interval_seconds", null, m.EpochIntervalMs / 1000);
        Family(sb, "streamsql_hub_connections", "gauge", "Open SignalR connections.");
        Line(sb, "streamsql_hub_connections", null, m.HubConnections);
        Family(sb, "streamsql_pg_connections", "gauge", "Open Postgres wire protocol connections.");
        Line(sb, "streamsql_pg_connections", null, m.PgConnections);
        Family(sb, "streamsql_subscribers", "gauge", "Live SignalR subscribers over all views.");
        Line(sb, "streamsql_subscribers", null, m.Subscribers);

        if (m.EpochDurations is { } d)
        {
            Family(sb, "streamsql_epoch_duration_seconds", "histogram", "Wall time of each epoch, from its start to its commit.");
            for (int i = 0; i < d.Bounds.Length; i++)
                Line(sb, "streamsql_epoch_duration_seconds_bucket", ("le", d.Bounds[i].ToString("R", CultureInfo.InvariantCulture)), d.Counts[i]);
            Line(sb, "streamsql_epoch_duration_seconds_bucket", ("le", "+Inf"), d.Count);
            Line(sb, "streamsql_epoch_duration_seconds_sum", null, d.SumSeconds);
            Line(sb, "streamsql_epoch_duration_seconds_count", null, d.Count);
        }

        Family(sb, "streamsql_client_queue_depth", "gauge", "What waits unread for a subscriber: frames (hub) or epochs (pg).");
        foreach (var q in m.ClientQueues)
            Lines(sb, "streamsql_client_queue_depth", [("client", q.Client), ("view", q.View)], q.Depth);

        Family(sb, "streamsql_source_records_total", "counter", "Records read by a source.");
        foreach (var s in m.Sources)
            Line(sb, "streamsql_source_records_total", ("source", s.Name), s.RecordsRead);
        Family(sb, "streamsql_source_records_per_second", "gauge", "Records read per second over the last sample.");
        foreach (var s in m.Sources)
            Line(sb, "streamsql_source_records_per_second", ("source", s.Name), s.RecordsPerSecond);
        Family(sb, "streamsql_source_watermark_lag_seconds", "gauge", "Processing time minus the source's watermark.");
        foreach (var s in m.Sources)
        {
            if (s.WatermarkLagSeconds is { } lag)
                Line(sb, "streamsql_source_watermark_lag_seconds", ("source", s.Name), lag);
        }

        Family(sb, "streamsql_source_lag_records", "gauge", "Records waiting in a source's partitions that the pipeline has not taken (Kafka consumer lag).");
        foreach (var s in m.Sources)
        {
            if (s.Lag is { } lag)
                Line(sb, "streamsql_source_lag_records", ("source", s.Name), lag);
        }

        Family(sb, "streamsql_source_error", "gauge", "1 for a source whose connector's last attempt failed (the error as a label), until records flow again.");
        foreach (var s in m.Sources)
        {
            if (s.Error is { } error)
                Lines(sb, "streamsql_source_error", [("source", s.Name), ("error", error)], 1);
        }

        PartitionFamily(sb, m, "streamsql_source_partition_lag_records", "gauge", "Records waiting in one partition of a source that the pipeline has not taken.", p => p.Lag);
        PartitionFamily(sb, m, "streamsql_source_partition_records_total", "counter", "Records read from one partition of a source.", p => p.Records);
        PartitionFamily(sb, m, "streamsql_source_partition_records_per_second", "gauge", "Records read from one partition per second over the last sample.", p => p.RecordsPerSecond);
        PartitionFamily(sb, m, "streamsql_source_partition_bytes_per_second", "gauge", "Bytes read from one partition per second over the last sample.", p => p.BytesPerSecond);
        PartitionFamily(sb, m, "streamsql_source_partition_idle", "gauge", "1 while a partition delivers nothing for the idle timeout and no longer holds the watermark back.", p => p.Idle ? 1 : 0);
        PartitionFamily(sb, m, "streamsql_source_partition_paused", "gauge", "1 while reading a partition is paused because the pipeline's buffer is full.", p => p.Paused ? 1 : 0);

        Family(sb, "streamsql_source_late_rows_total", "counter", "Rows of a source dropped as late.");
        foreach (var s in m.Sources)
            Line(sb, "streamsql_source_late_rows_total", ("source", s.Name), s.LateRows);

        Family(sb, "streamsql_source_bad_records_total", "counter", "Records a source could not decode (sent where on_error says).");
        foreach (var s in m.Sources)
            Line(sb, "streamsql_source_bad_records_total", ("source", s.Name), s.BadRecords);

        Family(sb, "streamsql_view_rows_in_total", "counter", "Rows delivered to a materialized view (its inputs' changes).");
        foreach (var v in m.Views)
            Line(sb, "streamsql_view_rows_in_total", ("view", v.Name), v.RowsIn);
        Family(sb, "streamsql_view_rows_out_total", "counter", "Changes a materialized view committed.");
        foreach (var v in m.Views)
            Line(sb, "streamsql_view_rows_out_total", ("view", v.Name), v.RowsOut);

        Family(sb, "streamsql_view_state_rows", "gauge", "Rows a materialized view holds.");
        foreach (var v in m.Views)
            Line(sb, "streamsql_view_state_rows", ("view", v.Name), v.StateRows);
        Family(sb, "streamsql_view_late_rows_total", "counter", "Rows a materialized view dropped as late.");
        foreach (var v in m.Views)
            Line(sb, "streamsql_view_late_rows_total", ("view", v.Name), v.LateRows);
        Family(sb, "streamsql_view_expression_errors_total", "counter", "Values a materialized view's expressions made NULL for a data error (division by zero, a bad cast...).");
        foreach (var v in m.Views)
            Line(sb, "streamsql_view_expression_errors_total", ("view", v.Name), v.ExpressionErrors);
        Family(sb, "streamsql_view_subscribers", "gauge", "Live SignalR subscribers of a view.");
        foreach (var v in m.Views)
            Line(sb, "streamsql_view_subscribers", ("view", v.Name), v.Subscribers);
        Family(sb, "streamsql_view_last_epoch_seconds", "gauge", "Time the view's own operators took in the last epoch.");
        foreach (var v in m.Views)
            Line(sb, "streamsql_view_last_epoch_seconds", ("view", v.Name), v.LastEpochMs / 1000);
        Family(sb, "streamsql_view_epoch_seconds_total", "counter", "Time the view's own operators took over all epochs.");
        foreach (var v in m.Views)
            Line(sb, "streamsql_view_epoch_seconds_total", ("view", v.Name), v.TotalEpochSeconds);
        Family(sb, "streamsql_view_epochs_total", "counter", "Epochs the view has run.");
        foreach (var v in m.Views)
            Line(sb, "streamsql_view_epochs_total", ("view", v.Name), v.Epochs);
        Family(sb, "streamsql_view_state_bytes", "gauge", "The view's state (operators and contents) as a checkpoint writes it, measured every few samples.");
        foreach (var v in m.Views)
        {
            if (v.StateBytes is { } bytes)
                Line(sb, "streamsql_view_state_bytes", ("view", v.Name), bytes);
        }
        return sb.ToString();
    }

    /// <summary>A family with one line per partition of every source read in parts (none where <paramref name="value"/> is null).</summary>
    private static void PartitionFamily(StringBuilder sb, MetricsSnapshot m, string name, string type, string help, Func<PartitionMetrics, double?> value)
    {
        Family(sb, name, type, help);
        foreach (var s in m.Sources)
        {
            foreach (var p in s.Partitions)
            {
                if (value(p) is { } v)
                    Lines(sb, name, [("source", s.Name), ("partition", p.Partition)], v);
            }
        }
    }

    private static void Family(StringBuilder sb, string name, string type, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
          .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder sb, string name, (string Name, string Value)? label, double value) =>
        Lines(sb, name, label is { } l ? [l] : [], value);

    private static void Lines(StringBuilder sb, string name, (string Name, string Value)[] labels, double value)
    {
        sb.Append(name);
        for (int i = 0; i < labels.Length; i++)
        {
            var (labelName, labelValue) = labels[i];
            sb.Append(i == 0 ? '{' : ',').Append(labelName).Append("=\"")
              .Append(labelValue.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
            sb.Append('"');
        }
        if (labels.Length > 0)
            sb.Append('}');

        sb.Append(' ').Append(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf").Append('\n');
    }
}
