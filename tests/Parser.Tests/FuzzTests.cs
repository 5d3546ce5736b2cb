using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;

namespace StreamSql.Parser.Tests;

/// <summary>
/// Hundreds of thousands of inputs derived from the golden scripts (token and character mutations,
/// truncations, token soup, deep nesting), seeded so any failure reproduces. No exception may escape
/// the parser, every diagnostic must point inside the text, no input may take long, and whatever
/// still parses must round-trip through the formatter.
/// </summary>
public partial class FuzzTests
{
    private const int Seed = 20261124;
    private const int Iterations = 200_000;
    private static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(2);

    private static readonly string[] InterestingCharacters =
        ["(", ")", "[", "]", "'", "\"", ";", ",", ".", "-", "/", "*", "$", "E'", "::", ":", "|", "#", "~", "!", "@", "\\", "\n", " ", "0", "x", "--", "/*", "$$"];

    [Fact]
    public void Mutated_truncated_and_random_inputs_never_throw_and_finish_quickly()
    {
        var statements = GoldenStatements();
        var tokenized = statements.Select(s => Tokens(s).ToArray()).ToArray();
        var vocabulary = tokenized.SelectMany(t => t).Distinct().ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        int parsedCleanly = 0;

        // Input i depends only on (Seed, i), so the run is reproducible in any order and can use every core.
        Parallel.For(0, Iterations, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (i, loop) =>
        {
            string input = Mutate(new Random(unchecked(Seed + i * 7919)), statements, tokenized, vocabulary, i);
            var watch = Stopwatch.StartNew();
            try
            {
                var result = SqlParser.Parse(input);
                watch.Stop();
                CheckResult(input, result);
                if (result.Diagnostics.IsEmpty && i % 7 == 0)
                {
                    Interlocked.Increment(ref parsedCleanly);
                    foreach (var statement in result.Statements)
                        RoundTrip.AssertHolds(statement);
                }
            }
            catch (Exception e)
            {
                failures.Enqueue($"input #{i} (seed {Seed}): {Escape(input)}\n{e.GetType().Name}: {e.Message}");
            }
            if (watch.Elapsed > SlowInput)
                failures.Enqueue($"input #{i} took {watch.Elapsed.TotalMilliseconds:F0} ms: {Escape(input)}");
            if (failures.Count >= 10)
                loop.Stop();
        });

        Assert.True(failures.IsEmpty, string.Join("\n\n", failures));
        Assert.True(parsedCleanly > 100, $"only {parsedCleanly} mutated inputs parsed cleanly: the mutations are too destructive to test the round trip");
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("ARRAY[", "]")]
    [InlineData("(SELECT ", ")")]
    [InlineData("f(", ")")]
    [InlineData("NOT ", "")]
    [InlineData("- ", "")]
    [InlineData("CASE WHEN x THEN ", " END")]
    [InlineData("EXPLAIN ", "")]
    public void Deep_nesting_is_a_diagnostic(string open, string close)
    {
        foreach (int depth in new[] { 5_000, 20_000 })
        {
            string body = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
            string sql = open == "EXPLAIN " ? string.Concat(Enumerable.Repeat(open, depth)) + "SELECT 1" : "SELECT " + body;
            var result = SqlParser.Parse(sql);
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal(DiagnosticCodes.NestingTooDeep.Code, diagnostic.Code);
            CheckResult(sql, result);
        }
    }

    [Theory]
    [InlineData("SELECT 1", " + 1", "")]
    [InlineData("SELECT a", " AND a", "")]
    [InlineData("SELECT x", " || x", "")]
    [InlineData("SELECT 1", " UNION SELECT 1", "")]
    [InlineData("SELECT * FROM t", " JOIN u ON true", "")]
    public void Long_left_recursive_chains_are_bounded_in_depth(string head, string link, string tail)
    {
        string Chain(int length) => head + string.Concat(Enumerable.Repeat(link, length)) + tail;

        var fine = SqlParser.Parse(Chain(1_000));
        Assert.Empty(fine.Diagnostics);
        Assert.Single(fine.Statements);

        string tooLong = Chain(20_000);
        var result = SqlParser.Parse(tooLong);
        CheckResult(tooLong, result);
        Assert.Empty(result.Statements);
        Assert.Equal(DiagnosticCodes.NestingTooDeep.Code, Assert.Single(result.Diagnostics).Code);
    }

    private static void CheckResult(string input, ParseResult result)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            if (diagnostic.Code == DiagnosticCodes.InternalParserError.Code)
                throw new InvalidOperationException(diagnostic.Message);
            if (diagnostic.Span.Start < 0 || diagnostic.Span.End > input.Length)
                throw new InvalidOperationException($"diagnostic span {diagnostic.Span} outside the text: {diagnostic.Message}");
            if (diagnostic.Message.Contains("<EOF>", StringComparison.Ordinal) || diagnostic.Message.Contains("viable", StringComparison.Ordinal)
                || diagnostic.Message.Contains("mismatched", StringComparison.Ordinal))
                throw new InvalidOperationException($"diagnostic leaks parser internals: {diagnostic.Message}");
        }
        foreach (var statement in result.Statements)
        {
            if (statement.Span.Start < 0 || statement.Span.End > input.Length)
                throw new InvalidOperationException($"statement span {statement.Span} outside the text");
        }
    }

    private static string Mutate(Random random, IReadOnlyList<string> statements, string[][] tokenized, string[] vocabulary, int iteration)
    {
        int pick = random.Next(statements.Count);
        string source = statements[pick];
        var tokens = tokenized[pick].ToList();
        switch (iteration % 9)
        {
            case 0: // delete a token
                if (tokens.Count > 1) tokens.RemoveAt(random.Next(tokens.Count));
                return string.Join(" ", tokens);
            case 1: // insert a token
                tokens.Insert(random.Next(tokens.Count + 1), vocabulary[random.Next(vocabulary.Length)]);
                return string.Join(" ", tokens);
            case 2: // swap two tokens
                int a = random.Next(tokens.Count), b = random.Next(tokens.Count);
                (tokens[a], tokens[b]) = (tokens[b], tokens[a]);
                return string.Join(" ", tokens);
            case 3: // replace a token
                tokens[random.Next(tokens.Count)] = vocabulary[random.Next(vocabulary.Length)];
                return string.Join(" ", tokens);
            case 4: // delete a character
                return source.Length == 0 ? source : source.Remove(random.Next(source.Length), 1);
            case 5: // insert a character sequence
                return source.Insert(random.Next(source.Length + 1), InterestingCharacters[random.Next(InterestingCharacters.Length)]);
            case 6: // truncate
                return source[..random.Next(source.Length + 1)];
            case 7: // token soup
                var soup = new StringBuilder();
                int length = random.Next(1, 60);
                for (int k = 0; k < length; k++)
                    soup.Append(vocabulary[random.Next(vocabulary.Length)]).Append(' ');
                return soup.ToString();
            default: // several mutations at once, and several statements
                string first = Mutate(random, statements, tokenized, vocabulary, random.Next(7));
                string second = Mutate(random, statements, tokenized, vocabulary, random.Next(7));
                return first + ";\n" + second;
        }
    }

    private static List<string> GoldenStatements()
    {
        var statements = new List<string>();
        foreach (var file in Directory.GetFiles(RepositoryPaths.GoldenFolder, "*.sql").OrderBy(f => f, StringComparer.Ordinal))
        {
            var result = SqlParser.Parse(File.ReadAllText(file));
            statements.AddRange(result.Statements.Select(s => result.Source[s.Span]));
        }
        return statements;
    }

    private static IEnumerable<string> Tokens(string sql) => TokenPattern().Matches(sql).Select(m => m.Value);

    private static string Escape(string text) => text.Length > 300 ? text[..300].Replace("\n", "\\n") + "..." : text.Replace("\n", "\\n");

    [GeneratedRegex(@"'(?:[^']|'')*'|""(?:[^""]|"""")*""|[A-Za-z_][A-Za-z_0-9$]*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\$\d+|::|->>|->|#>>|#>|<>|!=|<=|>=|\|\||!~\*|!~|~\*|@>|<@|<<|>>|\S")]
    private static partial Regex TokenPattern();
}
