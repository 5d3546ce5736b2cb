using System.Text.Json;

namespace StreamSql.Server.Tests.Live;

/// <summary>A frame as a JSON SignalR client reads it: values stay JSON so tests see their JSON types.</summary>
public sealed record HubFrame(long Epoch, string[]? Columns, HubChange[] Changes, bool Progress);

/// <summary>One change of a <see cref="HubFrame"/>.</summary>
public sealed record HubChange(int Diff, JsonElement[] Row)
{
    public string Text => $"{(Diff > 0 ? "+" : "")}{Diff} {string.Join(",", Row.Select(v => v.GetRawText()))}";
}
