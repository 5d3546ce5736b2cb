using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>A dotted name such as <c>pg_catalog.pg_class</c>; never empty.</summary>
public sealed record QualifiedName(ImmutableArray<Identifier> Parts, TextSpan Span) : SyntaxNode(Span)
{
    /// <summary>The last part: the object's own name.</summary>
    public Identifier Name => Parts[^1];

    /// <summary>The parts before the last (schema and so on); empty for an unqualified name.</summary>
    public ImmutableArray<Identifier> Qualifier => Parts.RemoveAt(Parts.Length - 1);

    public override string ToString() => string.Join(".", Parts.Select(p => p.Name));
}
