namespace StreamSql.Planner.Logical;

/// <summary>How a node's state is kept from growing forever, as EXPLAIN reports it.</summary>
/// <param name="Watermark">The watermark that frees state (e.g. <c>clicks.ts</c>), when there is one.</param>
public sealed record StateBound(StateBoundKind Kind, string? Watermark = null)
{
    public static readonly StateBound Stateless = new(StateBoundKind.Stateless);
    public static readonly StateBound Unbounded = new(StateBoundKind.Unbounded);
    public static readonly StateBound Fixed = new(StateBoundKind.Fixed);

    public override string ToString() => Kind switch
    {
        StateBoundKind.WindowClose => $"bounded by window close (watermark on {Watermark})",
        StateBoundKind.Watermark => $"bounded by watermark on {Watermark}",
        StateBoundKind.Fixed => "bounded (fixed size)",
        StateBoundKind.Unbounded => "unbounded",
        _ => "none",
    };
}
