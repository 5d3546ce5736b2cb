using System.Diagnostics;
using Confluent.Kafka;

namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>The reading thread: assignment, metadata checks, pause/resume, group commits.</summary>
public sealed partial class KafkaSource
{
    private static readonly TimeSpan ConsumeWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>The most records read from the consumer at a time.</summary>
    private const int ReadBatch = 256;

    /// <summary>How long the buffer must stay full before the partitions are paused.</summary>
    private static readonly TimeSpan PauseAfter = TimeSpan.FromSeconds(1);

    private IConsumer<byte[]?, byte[]?> BuildConsumer(SourceContext context)
    {
        NativeHeap.KeepFreedMemory();
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupFor(context.SourceName),
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = false,
            AutoOffsetReset = options.Startup == KafkaStartup.Latest ? AutoOffsetReset.Latest : AutoOffsetReset.Earliest,
            QueuedMaxMessagesKbytes = 16 * 1024,
            // When records come through Consume (see KafkaBatchReader), each one's topic (a string) and
            // headers are not read: the topic is the source's, and headers are not columns.
            ConsumeResultFields = "timestamp",
        };
        foreach (var (name, value) in options.Properties)
            config.Set(name, value);
        return new ConsumerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler(static (_, _) => { })
            .SetErrorHandler((_, e) => lastError = e.Reason)
            .Build();
    }

    private void ReadLoop(KafkaPosition resume, CancellationToken cancel)
    {
        var context = this.context!;
        using var consumer = BuildConsumer(context);
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        using var reader = KafkaBatchReader.Create(consumer, native: true);
        var read = new List<KafkaRecord>(ReadBatch);
        var seeks = new List<(int Partition, long Offset)>();
        var assigned = new List<TopicPartition>();
        long nextMetadata = 0, nextWatermarks = 0;
        var backoff = TimeSpan.FromMilliseconds(100);
        bool first = true;
        // What the last record's Accept saw of the buffer; only a full one is looked at again under the lock.
        bool mayBeFull = true;
        long? fullSince = null;
        while (!cancel.IsCancellationRequested)
        {
            long now = context.Time.GetTimestamp();
            if (now >= nextMetadata)
            {
                if (TryAssignNewPartitions(consumer, admin, assigned, resume, first, context))
                {
                    first = false;
                    backoff = TimeSpan.FromMilliseconds(100);
                    nextMetadata = now + (long)(options.MetadataInterval.TotalSeconds * context.Time.TimestampFrequency);
                }
                else
                {
                    // The brokers cannot be reached or the topic does not exist yet: retry with back-off; the source stays up.
                    nextMetadata = now + (long)(backoff.TotalSeconds * context.Time.TimestampFrequency);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                }
            }
            // A group commit is a broker round trip: at most one a second (the newest position wins).
            if (Volatile.Read(ref pendingCommit) is not null && (lastCommit == 0 || Stopwatch.GetElapsedTime(lastCommit) >= CommitInterval) &&
                Interlocked.Exchange(ref pendingCommit, null) is { } commit)
            {
                CommitToGroup(consumer, commit);
                lastCommit = Stopwatch.GetTimestamp();
            }
            if (assigned.Count == 0)
            {
                Wait(ConsumeWait, cancel);
                continue;
            }
            if (mayBeFull && IsFull())
            {
                // A buffer full for a moment (the pipeline catching up) only stops the reading: librdkafka's
                // read-ahead is bounded on its own (queued.max.messages.kbytes) and keeps what it fetched.
                // Pausing drops that read-ahead and costs a fetch round trip on resume, so the partitions
                // are paused only when the buffer stays full.
                fullSince ??= now;
                if (!paused && context.Time.GetElapsedTime(fullSince.Value, now) >= PauseAfter)
                {
                    consumer.Pause(assigned);
                    paused = true;
                }
                Wait(ConsumeWait, cancel);
                continue;
            }
            mayBeFull = false;
            fullSince = null;
            if (paused)
            {
                consumer.Resume(assigned);
                paused = false;
            }
            // Never more than the buffer's room, so a full buffer holds exactly its limit.
            int wanted = Math.Min(ReadBatch, Room());
            if (wanted <= 0)
            {
                mayBeFull = true;
                continue;
            }
            read.Clear();
            string? error;
            try
            {
                error = reader.Read(ConsumeWait, wanted, read);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (now >= nextWatermarks)
            {
                UpdateHighWatermarks(consumer, assigned);
                nextWatermarks = now + context.Time.TimestampFrequency / 2;
            }
            if (read.Count > 0)
            {
                seeks.Clear();
                Accept(read, context, now, seeks, out mayBeFull);
                foreach (var (partition, offset) in seeks)
                    consumer.Seek(new TopicPartitionOffset(options.Topic, partition, offset));
            }
            // An error reported with (after) the records outlives them; records alone clear an earlier one.
            if (error is not null)
                lastError = error;
        }
        reader.Dispose(); // its queue is released before the consumer closes
        try
        {
            if (Interlocked.Exchange(ref pendingCommit, null) is { } last)
                CommitToGroup(consumer, last);
            consumer.Close();
        }
        catch (KafkaException)
        {
            // Closing without brokers: nothing left to hand over, the offset log is what counts.
        }
    }

    private void Wait(TimeSpan time, CancellationToken cancel)
    {
        try
        {
            room.Wait(time, cancel);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>The buffer has reached its limits (call under <c>gate</c>).</summary>
    private bool AtLimitLocked => buffer.Count >= options.BufferRecords || bufferedBytes >= options.BufferBytes;

    private bool IsFull()
    {
        lock (gate)
        {
            if (AtLimitLocked)
                full = true;
            return full;
        }
    }

    /// <summary>How many records the buffer can still take before it is full.</summary>
    private int Room()
    {
        lock (gate)
            return options.BufferRecords - buffer.Count;
    }

    /// <summary>
    /// Buffers records read at <paramref name="now"/> (in the order read) under one lock. A partition
    /// whose records jumped over offsets is sought back: <paramref name="seeks"/> gets where to, and
    /// its later records in this batch are dropped (the seek reads them again).
    /// <paramref name="bufferFull"/>: the buffer has reached its limits.
    /// </summary>
    private void Accept(List<KafkaRecord> records, SourceContext context, long now, List<(int Partition, long Offset)> seeks, out bool bufferFull)
    {
        int before, accepted;
        lock (gate)
        {
            before = buffer.Count;
            KafkaPartitionState? state = null;
            foreach (var record in records)
            {
                if (state?.Partition != record.Partition && !partitions.TryGetValue(record.Partition, out state))
                    continue;
                if (seeks.Count > 0 && IsSought(seeks, record.Partition))
                    continue;
                // After a pause librdkafka may hand a record over again; the first delivery counts.
                if (record.Offset < state.NextRead)
                    continue;
                // A jump in offsets is a real gap (transaction markers, compaction, retention) or records
                // the read-ahead dropped around a pause, which must not be skipped: seek back once; when
                // the seek brings the same record back, the gap is real and the record is taken.
                if (state.NextRead >= 0 && record.Offset > state.NextRead && state.RewoundTo != state.NextRead)
                {
                    state.RewoundTo = state.NextRead;
                    state.Rewinds++;
                    seeks.Add((record.Partition, state.NextRead));
                    continue;
                }
                int length = record.ValueLength;
                state.NextRead = record.Offset + 1;
                state.Records++;
                state.Bytes += length;
                state.Buffered++;
                state.LastActivity = now;
                buffer.Enqueue(record);
                bufferedBytes += length;
            }
            accepted = buffer.Count - before;
            bufferFull = AtLimitLocked;
        }
        if (accepted == 0)
            return;
        lastError = null;
        if (before == 0)
            context.DataAvailable();
    }

    private static bool IsSought(List<(int Partition, long Offset)> seeks, int partition)
    {
        foreach (var seek in seeks)
            if (seek.Partition == partition)
                return true;
        return false;
    }

    /// <summary>Assigns partitions of the topic not assigned yet; false when metadata could not be had.</summary>
    private bool TryAssignNewPartitions(IConsumer<byte[]?, byte[]?> consumer, IAdminClient admin, List<TopicPartition> assigned,
        KafkaPosition resume, bool first, SourceContext context)
    {
        Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(options.Topic, TimeSpan.FromSeconds(2));
        }
        catch (KafkaException e)
        {
            lastError = e.Error.Reason;
            return false;
        }
        var topic = metadata.Topics.FirstOrDefault(t => t.Topic == options.Topic);
        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
        {
            lastError = topic is null || !topic.Error.IsError ? $"topic '{options.Topic}' has no partitions" : topic.Error.Reason;
            return false;
        }

        // The brokers answered and the topic is there: an earlier error is over, even while no record comes.
        lastError = null;
        var added = new List<TopicPartitionOffset>();
        long now = context.Time.GetTimestamp();
        var fresh = topic.Partitions.Where(p => !assigned.Any(a => a.Partition.Value == p.PartitionId)).OrderBy(p => p.PartitionId).ToList();
        var committed = GroupOffsets(consumer, fresh.Where(p => !resume.NextOffsets.ContainsKey(p.PartitionId)).Select(p => p.PartitionId));
        var starts = new List<(TopicPartition Partition, Offset Start)>();
        var resolved = new List<TopicPartitionOffset>();
        foreach (var p in fresh)
        {
            var tp = new TopicPartition(options.Topic, p.PartitionId);
            Offset start;
            if (resume.NextOffsets.TryGetValue(p.PartitionId, out var logged))
            {
                start = new Offset(logged);
            }
            else if (committed.TryGetValue(p.PartitionId, out var groupOffset))
            {
                start = new Offset(groupOffset); // no position of our own: where the consumer group got to
            }
            else if (first && options.Startup == KafkaStartup.Latest)
            {
                start = LatestOffset(consumer, tp);
                if (start.Value >= 0)
                    resolved.Add(new TopicPartitionOffset(tp, start));
            }
            else
            {
                // Partitions created after the source started are read whole. The first offset is
                // asked for, so the position (and the lag) is numeric before the first record.
                start = EarliestOffset(consumer, tp);
            }

            starts.Add((tp, start));
        }

        // 'latest' is a moment, not a place: the offsets it gave are committed to the group before
        // anything is read, so that a restart before the first checkpoint (no position of its own,
        // the epochs it logged to run again) starts at the very same offsets. A group that refuses
        // the commit (one a subscribed consumer also uses) does not stop the source; only that
        // restart would start at the then-latest offsets.
        if (resolved.Count > 0)
        {
            try
            {
                consumer.Commit(resolved);
            }
            catch (KafkaException e)
            {
                lastError = $"could not commit the start offsets 'latest' gave to group {options.GroupFor(context.SourceName)}: {e.Error.Reason}";
            }
        }

        foreach (var (tp, start) in starts)
        {
            lock (gate)
            {
                var state = new KafkaPartitionState(tp.Partition.Value, now);
                if (start.Value >= 0)
                {
                    state.NextRead = start.Value;
                    // A known numeric start goes into the position at once, so a restart before the
                    // first record of the partition still starts exactly there.
                    if (!positions.ContainsKey(tp.Partition.Value))
                    {
                        positions[tp.Partition.Value] = start.Value;
                        positionChanged = true;
                    }
                }
                partitions[tp.Partition.Value] = state;
            }
            added.Add(new TopicPartitionOffset(tp, start));
            assigned.Add(tp);
        }
        if (added.Count > 0)
        {
            consumer.IncrementalAssign(added);
            if (paused)
                consumer.Pause(added.Select(a => a.TopicPartition));
        }
        return true;
    }

    /// <summary>
    /// The offsets the consumer group has committed for these partitions (those it has none for are
    /// left out). A source without a position of its own (a new server, or one without a data
    /// directory) resumes there; <c>startup</c> applies to partitions the group has never committed.
    /// </summary>
    private Dictionary<int, long> GroupOffsets(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<int> partitions)
    {
        var wanted = partitions.Select(p => new TopicPartition(options.Topic, p)).ToList();
        var found = new Dictionary<int, long>();
        if (wanted.Count == 0)
            return found;
        try
        {
            foreach (var c in consumer.Committed(wanted, TimeSpan.FromSeconds(5)))
                if (c.Offset.Value >= 0)
                    found[c.Partition.Value] = c.Offset.Value;
        }
        catch (KafkaException e)
        {
            // Without the group's answer the partitions start as startup says.
            lastError = e.Error.Reason;
        }
        return found;
    }

    /// <summary>The partition's first and next offsets as the broker says them now; null when it cannot be asked.</summary>
    private static WatermarkOffsets? QueryOffsets(IConsumer<byte[]?, byte[]?> consumer, TopicPartition tp, TimeSpan timeout)
    {
        try
        {
            return consumer.QueryWatermarkOffsets(tp, timeout);
        }
        catch (KafkaException)
        {
            return null;
        }
    }

    private static Offset EarliestOffset(IConsumer<byte[]?, byte[]?> consumer, TopicPartition tp) =>
        QueryOffsets(consumer, tp, TimeSpan.FromSeconds(5)) is { Low.Value: >= 0 } offsets ? offsets.Low : Offset.Beginning;

    private static Offset LatestOffset(IConsumer<byte[]?, byte[]?> consumer, TopicPartition tp) =>
        QueryOffsets(consumer, tp, TimeSpan.FromSeconds(5))?.High ?? Offset.End;

    private void UpdateHighWatermarks(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> assigned)
    {
        foreach (var tp in assigned)
        {
            var high = consumer.GetWatermarkOffsets(tp).High;
            if (high.Value < 0)
            {
                // The client learns a partition's high watermark from fetches that return records; an
                // empty partition's is asked for once (a broker round trip), so its lag is known (0).
                lock (gate)
                {
                    if (partitions[tp.Partition.Value].HighWatermark >= 0)
                        continue;
                }

                if (QueryOffsets(consumer, tp, TimeSpan.FromSeconds(1)) is not { High.Value: >= 0 } offsets)
                    continue;
                high = offsets.High;
            }

            lock (gate)
                partitions[tp.Partition.Value].HighWatermark = high.Value;
        }
    }

    private void CommitToGroup(IConsumer<byte[]?, byte[]?> consumer, KafkaPosition position)
    {
        if (position.NextOffsets.Count == 0)
            return;
        try
        {
            consumer.Commit(position.NextOffsets.Select(p => new TopicPartitionOffset(options.Topic, p.Key, p.Value)));
        }
        catch (KafkaException e)
        {
            // Only monitoring reads these; the next epoch's commit carries newer offsets anyway.
            lastError = e.Error.Reason;
        }
    }
}
