namespace StreamSql.Server.Live;

/// <summary>One changed row of a frame: +1 inserted, -1 retracted (a snapshot row is +1).</summary>
public sealed record FrameChange(int Diff, object?[] Row);
