namespace StreamSql.Planner;

/// <summary>When a windowed result is emitted.</summary>
public enum EmitMode
{
    /// <summary>Every epoch emits retract/insert pairs for the groups that changed (the default).</summary>
    OnUpdate,
    /// <summary>Final rows once, when the watermark passes the window's end; the output is append-only and state is freed.</summary>
    OnWindowClose,
}
