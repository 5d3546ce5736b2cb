using StreamSql.Runtime.Connectors.Formats;

namespace StreamSql.Runtime.Connectors.Files;

/// <summary>
/// The <c>file</c> sink's settings. From <c>WITH</c>: <c>path</c> (required: the output folder,
/// created when missing), plus the <c>FORMAT</c> (JSON by default). Set by the server from the
/// plan, not by the statement: <see cref="WithDiff"/>, true when the sink's input retracts rows
/// (its changelog mode is not append-only), which adds the <c>diff</c> field to every record; and
/// <see cref="WindowColumn"/>, the hook for one folder per closed window.
/// </summary>
public sealed record FileSinkOptions(string Path, RecordFormat Format)
{
    public const string ConnectorName = "file";

    public static readonly IReadOnlyList<string> ValidOptions = ["path"];

    /// <summary>Write each change with its weight in a last field <c>diff</c> (+1 insert, -1 retraction).</summary>
    public bool WithDiff { get; init; }

    /// <summary>
    /// When set, rows go to one folder per value of this TIMESTAMP column (the window start of an
    /// <c>EMIT ON WINDOW CLOSE</c> aggregate, whose windows are each emitted once), named
    /// <c>window_start=2024-01-01T10:00:00</c>, instead of one folder per epoch.
    /// </summary>
    public int? WindowColumn { get; init; }

    /// <summary>Checks the <c>WITH</c> options (keys case-insensitive; <c>connector</c> ignored) and the format; 22023 errors.</summary>
    public static FileSinkOptions Parse(IReadOnlyDictionary<string, string> options, string? format,
        IReadOnlyDictionary<string, string>? formatOptions)
    {
        const string owner = "connector " + ConnectorName;
        string? path = null;
        foreach (var (rawKey, value) in options)
        {
            switch (rawKey.Trim().ToLowerInvariant())
            {
                case "connector":
                    break;
                case "path":
                    path = value;
                    break;
                default:
                    throw ConnectorOptions.Unknown(rawKey, owner, ValidOptions);
            }
        }
        if (string.IsNullOrWhiteSpace(path))
            throw ConnectorOptions.Missing("path", owner, ValidOptions);
        return new FileSinkOptions(path, RecordFormat.Parse(format, formatOptions));
    }
}
