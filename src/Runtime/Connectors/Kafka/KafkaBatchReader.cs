using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>
/// Reads records from a consumer many at a time. Confluent.Kafka's <c>Consume</c> hands over one
/// record per call (a native poll that takes the queue's lock, then a result, a message and a copy
/// of key and value per record), which cost about as much as decoding and aggregating the record.
/// Where librdkafka can be reached (the library Confluent.Kafka loaded), the reader takes up to a
/// batch of messages from the consumer's queue with <c>rd_kafka_consume_batch_queue</c> (one lock
/// per batch; librdkafka drops messages made outdated by a seek or a pause, as its poll does) and
/// copies keys and values into shared 64 KB chunks; otherwise it calls <c>Consume</c> until the
/// batch is full or nothing more is ready. Everything else (assignment, pause, seek, commits,
/// metadata) stays with the Confluent.Kafka consumer, on the same native handle.
/// </summary>
internal abstract class KafkaBatchReader : IDisposable
{
    /// <summary>A record's key and value land in chunks of this size (below the large object heap's threshold).</summary>
    private const int ChunkSize = 64 * 1024;

    private byte[] chunk = [];
    private int used;

    /// <summary>
    /// Reads at most <paramref name="max"/> records into <paramref name="into"/>, waiting up to
    /// <paramref name="wait"/> for the first; returns the error librdkafka reported instead of a
    /// record, if any (the records before it are kept).
    /// </summary>
    public abstract string? Read(TimeSpan wait, int max, List<KafkaRecord> into);

    public virtual void Dispose()
    {
    }

    /// <summary>The native reader when asked for and librdkafka's handle can be had, else one over <c>Consume</c>.</summary>
    public static KafkaBatchReader Create(IConsumer<byte[]?, byte[]?> consumer, bool native) =>
        (native ? NativeReader.TryCreate(consumer) : null) ?? (KafkaBatchReader)new ConsumeReader(consumer);

    /// <summary>Whether records come through librdkafka's batch call (false: through <c>Consume</c>).</summary>
    public abstract bool IsNative { get; }

    /// <summary>A copy of native bytes in the current chunk (a fresh array when they do not fit one).</summary>
    protected unsafe ReadOnlyMemory<byte> Copy(nint data, long length)
    {
        int n = checked((int)length);
        var source = new ReadOnlySpan<byte>((void*)data, n);
        if (n > ChunkSize / 4)
            return source.ToArray();
        if (used + n > chunk.Length)
        {
            chunk = new byte[ChunkSize];
            used = 0;
        }
        source.CopyTo(chunk.AsSpan(used));
        var copy = new ReadOnlyMemory<byte>(chunk, used, n);
        used += n;
        return copy;
    }

    /// <summary>Batches of <c>Consume</c>: the first call waits, the others take what is ready.</summary>
    private sealed class ConsumeReader(IConsumer<byte[]?, byte[]?> consumer) : KafkaBatchReader
    {
        public override bool IsNative => false;

        public override string? Read(TimeSpan wait, int max, List<KafkaRecord> into)
        {
            for (int i = 0; i < max; i++)
            {
                ConsumeResult<byte[]?, byte[]?>? result;
                try
                {
                    result = consumer.Consume(i == 0 ? wait : TimeSpan.Zero);
                }
                catch (ConsumeException e)
                {
                    return e.Error.Reason;
                }
                if (result?.Message is not { } message)
                    break;
                into.Add(new KafkaRecord(result.Partition.Value, result.Offset.Value, message.Timestamp.UnixTimestampMs * 1000,
                    Bytes(message.Key), Bytes(message.Value)));
            }
            return null;
        }

        // A null array stays null (no value), not an empty memory.
        private static ReadOnlyMemory<byte>? Bytes(byte[]? bytes) => bytes is null ? (ReadOnlyMemory<byte>?)null : bytes;
    }

    /// <summary><c>rd_kafka_consume_batch_queue</c> on the consumer's queue.</summary>
    private sealed unsafe class NativeReader : KafkaBatchReader
    {
        /// <summary><c>rd_kafka_message_t</c> from librdkafka's public header (a stable layout).</summary>
        [StructLayout(LayoutKind.Sequential)]
        private struct Message
        {
            public int Error;
            public nint Topic;
            public int Partition;
            public nint Payload;
            public nuint Length;
            public nint Key;
            public nuint KeyLength;
            public long Offset;
            public nint Private;
        }

        /// <summary>
        /// The functions of the librdkafka file this process mapped (the one Confluent.Kafka chose),
        /// found once per process; null where there is none to find (not Linux, another build).
        /// </summary>
        private sealed class Exports
        {
            public required delegate* unmanaged<nint, nint> QueueOfConsumer;
            public required delegate* unmanaged<nint, int, nint*, nuint, nint> ConsumeBatch;
            public required delegate* unmanaged<nint, void> DestroyMessage;
            public required delegate* unmanaged<nint, int*, long> Timestamp;
            public required delegate* unmanaged<nint, void> DestroyQueue;

            public static readonly Lazy<Exports?> Loaded = new(Load);

            private static Exports? Load()
            {
                const string maps = "/proc/self/maps";
                try
                {
                    if (!File.Exists(maps))
                        return null;
                    foreach (var line in File.ReadLines(maps))
                    {
                        int slash = line.IndexOf('/', StringComparison.Ordinal);
                        if (slash < 0 || !line.EndsWith(".so", StringComparison.Ordinal) || !line.Contains("librdkafka", StringComparison.Ordinal))
                            continue;
                        if (!NativeLibrary.TryLoad(line[slash..], out var library))
                            return null;
                        return new Exports
                        {
                            QueueOfConsumer = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(library, "rd_kafka_queue_get_consumer"),
                            ConsumeBatch = (delegate* unmanaged<nint, int, nint*, nuint, nint>)NativeLibrary.GetExport(library, "rd_kafka_consume_batch_queue"),
                            DestroyMessage = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "rd_kafka_message_destroy"),
                            Timestamp = (delegate* unmanaged<nint, int*, long>)NativeLibrary.GetExport(library, "rd_kafka_message_timestamp"),
                            DestroyQueue = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "rd_kafka_queue_destroy"),
                        };
                    }
                }
                catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException or BadImageFormatException or IOException)
                {
                }
                return null;
            }
        }

        private readonly Exports native;
        private readonly nint queue;
        private nint[] messages = new nint[256];
        private bool disposed;

        private NativeReader(Exports native, nint queue)
        {
            this.native = native;
            this.queue = queue;
        }

        public override bool IsNative => true;

        /// <summary>A reader on the consumer's queue; null when librdkafka or the consumer's handle cannot be had.</summary>
        public static NativeReader? TryCreate(IConsumer<byte[]?, byte[]?> consumer)
        {
            if (Exports.Loaded.Value is not { } native || HandleOf(consumer) is not { } handle || handle == 0)
                return null;
            nint queue = native.QueueOfConsumer(handle);
            return queue == 0 ? null : new NativeReader(native, queue);
        }

        /// <summary>The consumer's <c>rd_kafka_t</c>: Confluent.Kafka keeps it in its handle's <c>LibrdkafkaHandle</c>.</summary>
        private static nint? HandleOf(IConsumer<byte[]?, byte[]?> consumer)
        {
            try
            {
                var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
                return property?.GetValue(consumer.Handle) is SafeHandle { IsInvalid: false } safe ? safe.DangerousGetHandle() : null;
            }
            catch (Exception e) when (e is MemberAccessException or TargetInvocationException)
            {
                return null;
            }
        }

        public override string? Read(TimeSpan wait, int max, List<KafkaRecord> into)
        {
            if (messages.Length < max)
                messages = new nint[max];
            // librdkafka's batch call waits until the batch is full or the time is up: what is ready is
            // taken without waiting; when nothing is, the wait is for one record, then the rest that came with it.
            nint count;
            fixed (nint* batch = messages)
            {
                count = native.ConsumeBatch(queue, 0, batch, (nuint)max);
                if (count == 0)
                {
                    count = native.ConsumeBatch(queue, (int)wait.TotalMilliseconds, batch, 1);
                    if (count == 1 && max > 1)
                        count += Math.Max(0, native.ConsumeBatch(queue, 0, batch + 1, (nuint)(max - 1)));
                }
            }
            string? error = null;
            for (int i = 0; i < count; i++)
            {
                var message = (Message*)messages[i];
                if (message->Error != 0)
                {
                    error ??= new Error((ErrorCode)message->Error).Reason;
                }
                else
                {
                    int type;
                    long ms = native.Timestamp((nint)message, &type);
                    // Typed as nullable: a bare null would turn into an empty memory, and a tombstone into an empty value.
                    ReadOnlyMemory<byte>? key = message->Key == 0 ? (ReadOnlyMemory<byte>?)null : Copy(message->Key, (long)message->KeyLength);
                    ReadOnlyMemory<byte>? value = message->Payload == 0 ? (ReadOnlyMemory<byte>?)null : Copy(message->Payload, (long)message->Length);
                    into.Add(new KafkaRecord(message->Partition, message->Offset, ms * 1000, key, value));
                }
                native.DestroyMessage(messages[i]);
            }
            return error;
        }

        public override void Dispose()
        {
            if (disposed)
                return;
            disposed = true;
            native.DestroyQueue(queue);
        }
    }
}
