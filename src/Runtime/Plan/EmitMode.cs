namespace StreamSql.Runtime.Plan;

/// <summary>When a windowed or watermarked operator emits its results.</summary>
public enum EmitMode
{
    /// <summary>Every epoch emits retract + insert pairs for the groups that changed (the default).</summary>
    OnUpdate,

    /// <summary>A group is emitted once, final, when the watermark closes it; its state is then freed.</summary>
    OnWindowClose,
}
