using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>BEGIN / START TRANSACTION (<see cref="TransactionKind.Begin"/>), COMMIT / END, ROLLBACK / ABORT. <see cref="Modes"/> are the transaction modes as lower-case words (<c>isolation level read committed</c>, <c>read only</c>).</summary>
public sealed record TransactionStatement(
    TransactionKind Kind,
    ImmutableArray<string> Modes,
    TextSpan Span) : Statement(Span);
