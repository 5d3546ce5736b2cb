using System.Collections.Immutable;

namespace StreamSql.Planner;

/// <summary>The record format of a source or sink: <c>JSON</c>, <c>CSV</c> (with <c>header</c>, <c>delimiter</c>) or <c>TEXT</c>.</summary>
/// <param name="Name">Upper-case format name.</param>
/// <param name="Options">Lower-case option names to their text values, validated per format.</param>
public sealed record FormatDefinition(string Name, ImmutableSortedDictionary<string, string> Options)
{
    public static readonly FormatDefinition Json = new("JSON", ImmutableSortedDictionary<string, string>.Empty);

    public static readonly FormatDefinition Text = new("TEXT", ImmutableSortedDictionary<string, string>.Empty);
}
