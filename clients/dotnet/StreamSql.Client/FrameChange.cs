using System.Text.Json;

namespace StreamSql.Client;

/// <summary>One changed row: <paramref name="Diff"/> +1 inserted or -1 retracted; values as JSON.</summary>
/// <param name="Diff">+1 inserted, -1 retracted.</param>
/// <param name="Row">The row's values in column order.</param>
public sealed record FrameChange(int Diff, JsonElement[] Row);
