using System.Runtime.CompilerServices;
using Antlr4.Runtime;
using StreamSql.Parser.Building;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Generated;

#pragma warning disable CS3021 // the generated half carries [CLSCompliant(false)]

// Recursive descent recurses once per nested rule, so unbounded nesting ("((((...", NOT NOT ...)
// would overflow the stack. Every rule entry counts its depth and checks the remaining stack; past
// either limit the statement fails with SS1007 instead of taking the process down.
internal partial class StreamSqlParser
{
    private int _ruleDepth;

    /// <summary>The deepest rule nesting a statement may reach (about ten rules per level of parentheses).</summary>
    public int MaxRuleDepth { get; init; } = 2500;

    public override void EnterRule(ParserRuleContext localctx, int state, int ruleIndex)
    {
        base.EnterRule(localctx, state, ruleIndex);
        Descend();
    }

    public override void ExitRule()
    {
        _ruleDepth--;
        base.ExitRule();
    }

    public override void EnterRecursionRule(ParserRuleContext localctx, int state, int ruleIndex, int precedence)
    {
        base.EnterRecursionRule(localctx, state, ruleIndex, precedence);
        Descend();
    }

    public override void UnrollRecursionContexts(ParserRuleContext _parentctx)
    {
        _ruleDepth--;
        base.UnrollRecursionContexts(_parentctx);
    }

    private void Descend()
    {
        if (++_ruleDepth > MaxRuleDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            var token = CurrentToken;
            throw new SyntaxErrorException(Diagnostic.Create(DiagnosticCodes.NestingTooDeep,
                new TextSpan(token.StartIndex, Math.Max(0, token.StopIndex - token.StartIndex + 1)), SqlParser.MaxNestingDepth));
        }
    }
}
