using System.Text;
using StreamSql.Runtime.State;

namespace StreamSql.Runtime.Tests.Storage;

/// <summary>A state writer's bytes are a BinaryWriter's, in order, whatever crosses its buffer's end.</summary>
public class StateWriterTests
{
    private static void WriteAll(BinaryWriter w, int round)
    {
        w.Write(true);
        w.Write((byte)200);
        w.Write((sbyte)-3);
        w.Write((short)-12345);
        w.Write((ushort)54321);
        w.Write(-123456789 - round);
        w.Write(3_000_000_000u);
        w.Write(long.MinValue + round);
        w.Write(ulong.MaxValue);
        w.Write(1.5f);
        w.Write(-2.25e300);
        w.Write(12345.678901234567890123m);          // through the base class
        w.Write("grüße " + new string('x', round % 300)); // length-prefixed UTF-8, through the base class
        w.Write('ß');
        w.Write(new byte[] { 1, 2, 3 });
        w.Write(new byte[] { 9, 8, 7, 6, 5 }, 1, 3);
        w.Write((ReadOnlySpan<byte>)[4, 5]);
    }

    [Fact]
    public void WritesWhatABinaryWriterWrites()
    {
        var expected = new MemoryStream();
        var actual = new MemoryStream();
        using (var plain = new BinaryWriter(expected, Encoding.UTF8, leaveOpen: true))
        using (var state = new StateWriter(actual))
        {
            // Far more than one 64 KB buffer, so values and strings straddle its end.
            for (int round = 0; round < 2000; round++)
            {
                WriteAll(plain, round);
                WriteAll(state, round);
            }
            var large = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
            plain.Write(large);
            state.Write(large);
            plain.Write(7L);
            state.Write(7L);
        }
        Assert.True(expected.Length > 3 * 64 * 1024);
        Assert.Equal(expected.ToArray(), actual.ToArray());
    }

    [Fact]
    public void HoldsBytesUntilFlushedAndDiscardDropsThem()
    {
        var target = new MemoryStream();
        using var w = new StateWriter(target);
        w.Write(1L);
        Assert.Equal(0, target.Length);
        w.Flush();
        Assert.Equal(8, target.Length);
        w.Write(2L);
        w.Discard();
        w.Write(3);
        w.Flush();
        Assert.Equal([.. BitConverter.GetBytes(1L), .. BitConverter.GetBytes(3)], target.ToArray());
        Assert.Throws<NotSupportedException>(() => w.Seek(0, SeekOrigin.Begin));
    }
}
