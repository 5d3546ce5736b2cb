namespace StreamSql.Server.Durability;

/// <summary>When a logged change is forced to disk before the statement that made it is acknowledged.</summary>
public enum FsyncPolicy
{
    /// <summary>Every acknowledged statement is on disk (fsync; concurrent sessions share one fsync: group commit).</summary>
    Always,

    /// <summary>Acknowledged once written to the operating system; fsync runs on a timer (a machine crash can lose the last interval).</summary>
    Periodic,

    /// <summary>Never fsync the logs (tests, throwaway servers); only checkpoints are forced to disk.</summary>
    Never,
}
