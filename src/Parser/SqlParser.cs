using System.Collections.Immutable;
using Antlr4.Runtime;
using Antlr4.Runtime.Atn;
using Antlr4.Runtime.Misc;
using StreamSql.Parser.Building;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Generated;
using StreamSql.Parser.Syntax;

namespace StreamSql.Parser;

/// <summary>
/// Entry point of the parser: SQL text in, statements and diagnostics out. Never throws on user input.
/// </summary>
/// <remarks>
/// The whole text is lexed once and split at every ';' token (a ';' inside a string, quoted name or
/// comment is part of that token, not a separator). Each statement is then parsed on its own, so a
/// bad statement reports its first error and the statements after it still parse. Each statement is
/// tried with SLL prediction (fast, enough for almost all input) and only on failure re-parsed with
/// full LL, which either succeeds or reports the error.
/// </remarks>
public static class SqlParser
{
    /// <summary>How deeply parentheses and brackets may nest in one statement.</summary>
    public const int MaxNestingDepth = 200;

    public static ParseResult Parse(string text, string? filePath = null) => Parse(new SourceText(text ?? string.Empty, filePath));

    public static ParseResult Parse(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var statements = ImmutableArray.CreateBuilder<Statement>();
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();

        var lexer = new StreamSqlLexer(new AntlrInputStream(source.Text));
        lexer.RemoveErrorListeners();
        var tokens = lexer.GetAllTokens();

        int start = 0;
        for (int i = 0; i <= tokens.Count; i++)
        {
            bool atEnd = i == tokens.Count;
            if (!atEnd && tokens[i].Type != StreamSqlLexer.SEMICOLON)
                continue;
            if (i > start)
            {
                var segment = new List<IToken>(i - start);
                for (int k = start; k < i; k++)
                    segment.Add(tokens[k]);
                var (statement, diagnostic) = ParseStatement(source, segment, endsAtEndOfText: atEnd);
                if (statement is not null)
                    statements.Add(statement);
                if (diagnostic is not null)
                    diagnostics.Add(diagnostic);
            }
            start = i + 1;
        }
        return new ParseResult(source, statements.ToImmutable(), diagnostics.ToImmutable());
    }

    private static (Statement? Statement, Diagnostic? Diagnostic) ParseStatement(SourceText source, List<IToken> segment, bool endsAtEndOfText)
    {
        if (LexicalError(segment) is { } lexical)
            return (null, lexical);
        if (NestingError(segment) is { } nesting)
            return (null, nesting);
        try
        {
            var tree = Recognize(source, segment, endsAtEndOfText);
            return (new AstBuilder().BuildStatement(tree.statement()), null);
        }
        catch (SyntaxErrorException e)
        {
            return (null, e.Diagnostic);
        }
        catch (InsufficientExecutionStackException)
        {
            var first = segment[0];
            return (null, Diagnostic.Create(DiagnosticCodes.NestingTooDeep, AstBuilder.Span(first), MaxNestingDepth));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NullReferenceException or IndexOutOfRangeException)
        {
            // A parser bug: the statement fails with a diagnostic and the rest of the script still parses.
            var span = TextSpan.FromBounds(segment[0].StartIndex, segment[^1].StopIndex + 1);
            return (null, Diagnostic.Create(DiagnosticCodes.InternalParserError, span, e.Message));
        }
    }

    private static StreamSqlParser.SingleStatementContext Recognize(SourceText source, List<IToken> segment, bool endsAtEndOfText)
    {
        var stream = new CommonTokenStream(new ListTokenSource(segment));
        var parser = new StreamSqlParser(stream);
        parser.RemoveErrorListeners();
        parser.Interpreter.PredictionMode = PredictionMode.SLL;
        parser.ErrorHandler = new BailErrorStrategy();
        try
        {
            return parser.singleStatement();
        }
        catch (ParseCanceledException)
        {
            // SLL can fail on input that full LL accepts; only LL's verdict is reported.
            stream.Seek(0);
            parser = new StreamSqlParser(stream);
            parser.RemoveErrorListeners();
            parser.Interpreter.PredictionMode = PredictionMode.LL;
            parser.ErrorHandler = new DescribingErrorStrategy(new SyntaxErrorDescriber(source, endsAtEndOfText));
            return parser.singleStatement();
        }
    }

    private static Diagnostic? LexicalError(List<IToken> segment)
    {
        foreach (var token in segment)
        {
            var span = AstBuilder.Span(token);
            switch (token.Type)
            {
                case StreamSqlLexer.UNTERMINATED_STRING:
                case StreamSqlLexer.UNTERMINATED_ESCAPE_STRING:
                case StreamSqlLexer.UNTERMINATED_DOLLAR_STRING:
                    return Diagnostic.Create(DiagnosticCodes.UnterminatedString, span);
                case StreamSqlLexer.UNTERMINATED_QUOTED_IDENTIFIER:
                    return Diagnostic.Create(DiagnosticCodes.UnterminatedQuotedIdentifier, span);
                case StreamSqlLexer.UNTERMINATED_BLOCK_COMMENT:
                    return Diagnostic.Create(DiagnosticCodes.UnterminatedComment, span);
                case StreamSqlLexer.ERROR_CHARACTER:
                    return Diagnostic.Create(DiagnosticCodes.UnexpectedCharacter, span, token.Text);
            }
        }
        return null;
    }

    private static Diagnostic? NestingError(List<IToken> segment)
    {
        int depth = 0;
        foreach (var token in segment)
        {
            switch (token.Type)
            {
                case StreamSqlLexer.LPAREN:
                case StreamSqlLexer.LBRACKET:
                    if (++depth > MaxNestingDepth)
                        return Diagnostic.Create(DiagnosticCodes.NestingTooDeep, AstBuilder.Span(token), MaxNestingDepth);
                    break;
                case StreamSqlLexer.RPAREN:
                case StreamSqlLexer.RBRACKET:
                    depth = Math.Max(0, depth - 1);
                    break;
            }
        }
        return null;
    }
}
