using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.State;

/// <summary>
/// Binary encoding of boxed runtime values for operator snapshots: a tag byte per value, then the
/// value (little-endian, as <see cref="BinaryWriter"/> writes). Arrays nest.
/// </summary>
public static class ValueCodec
{
    public static void Write(BinaryWriter w, object? value)
    {
        switch (value)
        {
            case null: w.Write((byte)0); break;
            case bool b: w.Write((byte)1); w.Write(b); break;
            case short s: w.Write((byte)2); w.Write(s); break;
            case int i: w.Write((byte)3); w.Write(i); break;
            case long l: w.Write((byte)4); w.Write(l); break;
            case float f: w.Write((byte)5); w.Write(f); break;
            case double d: w.Write((byte)6); w.Write(d); break;
            case decimal m: w.Write((byte)7); w.Write(m); break;
            case string t: w.Write((byte)8); w.Write(t); break;
            case Interval iv: w.Write((byte)9); w.Write(iv.Months); w.Write(iv.Days); w.Write(iv.Micros); break;
            case object?[] arr:
                w.Write((byte)10);
                w.Write(arr.Length);
                foreach (var e in arr)
                    Write(w, e);
                break;
            default:
                throw new InvalidOperationException($"cannot encode a value of type {value.GetType()}");
        }
    }

    public static object? Read(BinaryReader r)
    {
        byte tag = r.ReadByte();
        switch (tag)
        {
            case 0: return null;
            case 1: return r.ReadBoolean();
            case 2: return r.ReadInt16();
            case 3: return r.ReadInt32();
            case 4: return r.ReadInt64();
            case 5: return r.ReadSingle();
            case 6: return r.ReadDouble();
            case 7: return r.ReadDecimal();
            case 8: return r.ReadString();
            case 9: return new Interval(r.ReadInt32(), r.ReadInt32(), r.ReadInt64());
            case 10:
                var arr = new object?[r.ReadInt32()];
                for (int i = 0; i < arr.Length; i++)
                    arr[i] = Read(r);
                return arr;
            default:
                throw new InvalidDataException($"unknown value tag {tag} in state snapshot");
        }
    }

    public static void WriteRow(BinaryWriter w, object?[] row)
    {
        w.Write(row.Length);
        foreach (var v in row)
            Write(w, v);
    }

    public static object?[] ReadRow(BinaryReader r)
    {
        var row = new object?[r.ReadInt32()];
        for (int i = 0; i < row.Length; i++)
            row[i] = Read(r);
        return row;
    }
}
