using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace StreamSql.Runtime.State;

/// <summary>
/// A <see cref="BinaryWriter"/> for operator state that collects what it writes in a buffer of its
/// own and hands it to the target stream in large writes. A plain BinaryWriter passes every value to
/// its stream (a virtual call, the stream's checks and a copy per value), which made writing a
/// checkpoint's groups cost more than updating them. The bytes are exactly a BinaryWriter's: the
/// common values are stored here directly, and the other overloads go through the base class into
/// the same buffer, so the order is kept. Call <see cref="Flush"/> (or dispose) before the target
/// stream is used.
/// </summary>
public sealed class StateWriter : BinaryWriter
{
    private const int Size = 64 * 1024;

    private readonly Stream target;
    private byte[] buffer;
    private int used;

    public StateWriter(Stream target)
        : base(Stream.Null, Encoding.UTF8, leaveOpen: true)
    {
        this.target = target;
        buffer = ArrayPool<byte>.Shared.Rent(Size);
        OutStream = new Sink(this);
    }

    /// <summary>Drops what is buffered and not yet written.</summary>
    public void Discard() => used = 0;

    public override void Write(bool value) => Put((byte)(value ? 1 : 0));

    public override void Write(byte value) => Put(value);

    public override void Write(sbyte value) => Put((byte)value);

    public override void Write(short value) => BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), value);

    public override void Write(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    public override void Write(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public override void Write(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public override void Write(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public override void Write(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public override void Write(float value) => BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);

    public override void Write(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);

    public override void Write(ReadOnlySpan<byte> bytes) => Append(bytes);

    public override void Write(byte[] bytes) => Append(bytes);

    public override void Write(byte[] bytes, int index, int count) => Append(bytes.AsSpan(index, count));

    public override void Flush()
    {
        if (used > 0)
        {
            target.Write(buffer, 0, used);
            used = 0;
        }
        target.Flush();
    }

    public override long Seek(int offset, SeekOrigin origin) =>
        throw new NotSupportedException("a state writer only appends");

    protected override void Dispose(bool disposing)
    {
        if (disposing && buffer.Length > 0)
        {
            Flush();
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
        base.Dispose(disposing);
    }

    private void Put(byte value)
    {
        if (used == buffer.Length)
            Drain();
        buffer[used++] = value;
    }

    private Span<byte> Reserve(int count)
    {
        if (used + count > buffer.Length)
            Drain();
        var span = buffer.AsSpan(used, count);
        used += count;
        return span;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (used + bytes.Length > buffer.Length)
        {
            Drain();
            if (bytes.Length > buffer.Length)
            {
                target.Write(bytes);
                return;
            }
        }
        bytes.CopyTo(buffer.AsSpan(used));
        used += bytes.Length;
    }

    private void Drain()
    {
        target.Write(buffer, 0, used);
        used = 0;
    }

    /// <summary>Where the base class's own writes (strings, decimals, chars) go: into the same buffer.</summary>
    private sealed class Sink(StateWriter owner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] bytes, int offset, int count) => owner.Append(bytes.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> bytes) => owner.Append(bytes);

        public override void WriteByte(byte value) => owner.Put(value);

        public override void Flush()
        {
        }

        public override int Read(byte[] bytes, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
