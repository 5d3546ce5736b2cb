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
    private readonly ConditionalWeakTable<ResultFrame, byte[]> _encoded = new();
    private readonly ConditionalWeakTable<ResultFrame, byte[]> _bodies = new();

    public override void Write(Utf8JsonWriter writer, ResultFrame value, JsonSerializerOptions options)
    {
        if (!_encoded.TryGetValue(value, out var bytes))
            bytes = _encoded.GetValue(value, frame => Encode(frame, options));
        writer.WriteRawValue(bytes, skipInputValidation: true);
    }

    private byte[] Encode(ResultFrame frame, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
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

            json.WritePropertyName("changes");
            json.Flush();
        }

        // The change objects, each part's encoded once however many frames include it.
        buffer.Write("["u8);
        var first = true;
        foreach (var part in frame.Parts ?? [frame])
        {
            var body = _bodies.GetValue(part, p => EncodeChanges(p, options));
            if (body.Length == 0)
                continue;
            if (!first)
                buffer.Write(","u8);
            buffer.Write(body);
            first = false;
        }

        buffer.Write(frame.Progress ? "],\"progress\":true}"u8 : "],\"progress\":false}"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The frame's change objects separated by commas, without the brackets.</summary>
    private static byte[] EncodeChanges(ResultFrame frame, JsonSerializerOptions options)
    {
        if (frame.Changes.Count == 0)
            return [];
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
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

            json.WriteEndArray();
        }

        return buffer.WrittenSpan[1..^1].ToArray();
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
