using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;

namespace StreamSql.Parser;

/// <summary>
/// The outcome of parsing a script: the statements that parsed, in order, and the diagnostics of
/// those that did not (a statement with a syntax error is left out; the ones after it are still parsed).
/// </summary>
public sealed record ParseResult(SourceText Source, ImmutableArray<Statement> Statements, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
