using StreamSql.Runtime.Engine;
using StreamSql.Server.Durability;

namespace StreamSql.Server.Engine;

/// <summary>How a <see cref="QueryEngine"/> runs.</summary>
public sealed record EngineOptions
{
    /// <summary>
    /// Live: connectors start and a background loop runs epochs (the server, <c>streamsql run</c>).
    /// Manual: no connector starts and epochs run only when a statement or a test directive asks
    /// (<c>streamsql test</c>, where event time is controlled by the test).
    /// StateOnly: as Manual, and sinks get no connector either (their output is discarded): an
    /// engine that only rebuilds state from a catalog and checkpoints (compaction), and must not
    /// touch what the live engine's connectors write to.
    /// </summary>
    public EngineMode Mode { get; init; } = EngineMode.Live;

    public RuntimeOptions Runtime { get; init; } = RuntimeOptions.Default;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The name clients see for the one database (current_database()).</summary>
    public string DatabaseName { get; init; } = "streamsql";

    /// <summary>Where console sinks print.</summary>
    public TextWriter ConsoleOutput { get; init; } = Console.Out;

    /// <summary>Where connectors report what goes wrong outside a statement (a sink's failed writes and retries).</summary>
    public TextWriter Log { get; init; } = Console.Error;

    /// <summary>How long changes of a view are kept for <c>SUBSCRIBE ... WITH (SINCE = e)</c>.</summary>
    public TimeSpan SubscriptionRetention { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Where the catalog, table changes and checkpoints are kept (see <see cref="QueryEngine.Recover"/>); null: in memory only.</summary>
    public DurabilityOptions? Durability { get; init; }
}

public enum EngineMode
{
    Live,
    Manual,
    StateOnly,
}
