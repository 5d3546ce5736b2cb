namespace StreamSql.Runtime.Types;

/// <summary>
/// Which PostgreSQL character type a <see cref="TypeKind.Text"/> value has: values are strings in
/// every case; <c>varchar(n)</c> and <c>char(n)</c> carry their length in <see cref="DataType.Precision"/>,
/// and <c>char(n)</c> values are stored padded with spaces to it.
/// </summary>
public enum CharacterKind
{
    /// <summary><c>text</c> (and unbounded <c>varchar</c>, which behaves the same).</summary>
    Text,

    /// <summary><c>character varying(n)</c>.</summary>
    Varying,

    /// <summary><c>character(n)</c> (<c>bpchar</c>): blank-padded to n.</summary>
    Padded,
}
