using Antlr4.Runtime;
using P = StreamSql.Parser.Generated.StreamSqlParser;

namespace StreamSql.Parser.Building;

/// <summary>
/// Stops at the first syntax error of a statement and reports it in words. The statement loop
/// parses each statement on its own, so recovering inside a statement would only add noise.
/// </summary>
internal sealed class DescribingErrorStrategy(SyntaxErrorDescriber describer) : DefaultErrorStrategy
{
    public override void ReportError(Antlr4.Runtime.Parser recognizer, RecognitionException e)
    {
    }

    public override void Recover(Antlr4.Runtime.Parser recognizer, RecognitionException e) =>
        throw new SyntaxErrorException(describer.Describe((P)recognizer, e));

    public override IToken RecoverInline(Antlr4.Runtime.Parser recognizer) =>
        throw new SyntaxErrorException(describer.Describe((P)recognizer, new InputMismatchException(recognizer)));

    public override void Sync(Antlr4.Runtime.Parser recognizer)
    {
    }
}
