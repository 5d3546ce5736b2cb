using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamSql.Server.Live;

/// <summary>
/// Writes a <see cref="ResultFrame"/> for the JSON hub protocol as
/// <c>{"epoch":42,"columns":[...]|null,"changes":[{"diff":1,"row":[...]}],"progress":false}</c>.
/// A frame is shared by every subscriber of its feed, so its JSON is produced once, on first
/// use, and copied as raw bytes for every other client: fan-out to a thousand clients costs one
/// serialization and a thousand copies. A frame merged for a subscriber that fell behind
/// (<see cref="ResultFrame.Parts"/>) is put together from its parts' encoded changes.
/// </summary>
internal sealed class ResultFrameJsonConverter : JsonConverter<ResultFrame>
{
    private readonly ConditionalWeakTable<ResultFrame, Encoded> _encoded = new();

    /// <summary>A frame's JSON and where its change objects are in it (between the brackets of <c>changes</c>).</summary>
    private sealed record Encoded(byte[] Bytes, int ChangesStart, int ChangesLength)
    {
        public ReadOnlySpan<byte> Changes => Bytes.AsSpan(ChangesStart, ChangesLength);
    }

    public override void Write(Utf8JsonWriter writer, ResultFrame value, JsonSerializerOptions options) =>
        writer.WriteRawValue(EncodedOf(value, options).Bytes, skipInputValidation: true);

    private Encoded EncodedOf(ResultFrame frame, JsonSerializerOptions options) =>
        _encoded.TryGetValue(frame, out var encoded) ? encoded : _encoded.GetValue(frame, f => Encode(f, options));

    private Encoded Encode(ResultFrame frame, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WriteNumber("epoch", frame.Epoch);
        json.WritePropertyName("columns");
        if (frame.Columns is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStartArray();
            foreach (var column in frame.Columns)
                json.WriteStringValue(column);
            json.WriteEndArray();
        }

        json.WriteStartArray("changes");
        json.Flush();
        int start = buffer.WrittenCount;
        if (frame.Parts is null)
        {
            foreach (var change in frame.Changes)
            {
                json.WriteStartObject();
                json.WriteNumber("diff", change.Diff);
                json.WriteStartArray("row");
                foreach (var v in change.Row)
                {
                    if (v is null)
                        json.WriteNullValue();
                    else
                        JsonSerializer.Serialize(json, v, v.GetType(), options);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.Flush();
        }
        else
        {
            // Each part's change objects as they were encoded for every other subscriber.
            foreach (var part in frame.Parts)
            {
                var changes = EncodedOf(part, options).Changes;
                if (changes.IsEmpty)
                    continue;
                if (buffer.WrittenCount > start)
                    buffer.Write(","u8);
                buffer.Write(changes);
            }
        }

        int length = buffer.WrittenCount - start;
        buffer.Write(frame.Progress ? "],\"progress\":true}"u8 : "],\"progress\":false}"u8);
        return new Encoded(buffer.WrittenSpan.ToArray(), start, length);
    }

    public override ResultFrame Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var columns = root.TryGetProperty("columns", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : null;
        var changes = root.TryGetProperty("changes", out var ch) && ch.ValueKind == JsonValueKind.Array
            ? ch.EnumerateArray().Select(e => new FrameChange(e.GetProperty("diff").GetInt32(),
                [.. e.GetProperty("row").EnumerateArray().Select(v => (object?)(v.ValueKind == JsonValueKind.Null ? null : v.Clone()))])).ToList()
            : [];
        return new ResultFrame(root.GetProperty("epoch").GetInt64(), columns, changes,
            root.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.True);
    }
}
