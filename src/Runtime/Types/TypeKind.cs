namespace StreamSql.Runtime.Types;

/// <summary>
/// The physical kinds of SQL values. Each kind has exactly one in-memory representation,
/// used alike in columns, boxed values (literals, result rows) and state:
/// <list type="table">
/// <item><term>Boolean</term><description><c>bool</c></description></item>
/// <item><term>Int16 / Int32 / Int64</term><description><c>short</c> / <c>int</c> / <c>long</c></description></item>
/// <item><term>Float32 / Float64</term><description><c>float</c> / <c>double</c></description></item>
/// <item><term>Numeric</term><description><c>decimal</c></description></item>
/// <item><term>Text</term><description><c>string</c></description></item>
/// <item><term>Timestamp / TimestampTz</term><description><c>long</c>: microseconds since 1970-01-01 00:00:00 (UTC for TimestampTz)</description></item>
/// <item><term>Date</term><description><c>int</c>: days since 1970-01-01</description></item>
/// <item><term>Interval</term><description><see cref="Interval"/></description></item>
/// <item><term>Jsonb</term><description><c>string</c>: the canonical jsonb text (as PostgreSQL prints jsonb), so equality and hashing are textual</description></item>
/// <item><term>Array</term><description><c>object?[]</c> of the element kind's representation</description></item>
/// </list>
/// SQL NULL is always C# <c>null</c> when boxed, and a null bit in a column.
/// </summary>
public enum TypeKind : byte
{
    /// <summary>The type of an untyped NULL literal before the binder resolves it.</summary>
    Unknown = 0,
    Boolean,
    Int16,
    Int32,
    Int64,
    Float32,
    Float64,
    Numeric,
    Text,
    Timestamp,
    TimestampTz,
    Date,
    Interval,
    Jsonb,
    Array,
}
