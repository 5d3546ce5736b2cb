using System.Text.RegularExpressions;
using StreamSql.Server.Engine;
using StreamSql.Server.Testing;
using Xunit.Abstractions;

namespace StreamSql.Server.Tests.Sessions;

/// <summary>
/// The engine answers any statement with a result or a user error, never an internal one (XX000):
/// every statement of the conformance scripts runs in an engine of its script, then mutated (words
/// dropped, swapped, repeated, or replaced by edge values: huge and negative numbers, NULL, empty
/// strings and arrays, subqueries; and its number and string literals replaced by values at the
/// edges of their types' ranges, or not of their type), over whatever state the script and the
/// earlier mutations left.
/// Internal errors the engine logs count too. The planner's own robustness test covers planning
/// alone; this one runs what plans, through the runtime.
/// </summary>
public sealed partial class MutatedStatementTests(ITestOutputHelper output)
{
    private static readonly string[] EdgeValues =
    [
        "0", "-1", "NULL", "''", "2147483648", "-9223372036854775808", "1e308", "'x'", "'2024-01-01'", "0.0",
        "ARRAY[1]", "'{}'", "TRUE", "INTERVAL '0' SECOND", "(SELECT 1)", "*",
    ];

    [Fact]
    public async Task MutatedConformanceStatementsNeverFailInternally()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "StreamSql.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("StreamSql.sln not found");
        var files = Directory.EnumerateFiles(Path.Combine(root, "..", "shared", "conformance"), "*.slt*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "tests", "Conformance"), "*.slt"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count > 40, $"only {files.Count} conformance files found");
        var random = new Random(20261207);
        var failures = new Dictionary<string, string>();
        int runs = 0;
        foreach (var file in files)
        {
            var statements = SltFileParser.Parse(file, await File.ReadAllTextAsync(file))
                .Select(r => r switch { SltStatement s => s.Sql, SltQuery q => q.Sql, _ => null })
                .OfType<string>()
                // A subscription waits for changes: not a statement that answers at once.
                .Where(sql => !sql.Contains("SUBSCRIBE", StringComparison.OrdinalIgnoreCase) && !sql.Contains("FETCH", StringComparison.OrdinalIgnoreCase))
                .ToList();
            var log = new StringWriter();
            await using var engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Manual, Log = log });
            await using var session = engine.OpenSession();
            foreach (var sql in statements)
            {
                await RunAsync(session, sql, log, failures, file);
                var words = sql.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                for (int attempt = 0; attempt < 10 && words.Length > 1; attempt++)
                {
                    runs++;
                    await RunAsync(session, string.Join(' ', Mutate(words, random)), log, failures, file);
                }

                for (int attempt = 0; attempt < 5; attempt++)
                {
                    runs++;
                    await RunAsync(session, MutateLiterals(sql, random), log, failures, file);
                }
            }
        }

        output.WriteLine($"{runs} mutated statements run");
        Assert.True(runs > 5000, $"only {runs} mutated statements ran");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Select(f => $"{f.Key}\n  {f.Value}")));
    }

    private static readonly string[] Numbers =
    [
        "0", "-1", "2147483647", "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "1e308", "-1e308", "1e-320", "0.0", "-0.0", "99999999999999999999999999999999999999.5", "'NaN'::float8", "'Infinity'::float8",
        "NULL", "32767", "-32768", "1.5", "1e400",
    ];

    private static readonly string[] Strings =
    [
        "''", "'x'", "'NaN'", "'-infinity'", "'294247-01-10 04:00:54'", "'4714-11-24 BC'", "'1 year 2147483647 days'", "'{}'",
        "'{1,NULL}'", "'[1,'", "'{\"a\":'", "'9999999999'", "'\\x00'", "'2024-02-30'", "'24:00:00'", "'1e5'", "' '", "'true'", "NULL",
    ];

    [GeneratedRegex(@"(?<![\w.'])\d+(\.\d+)?(e[+-]?\d+)?(?![\w.'])")]
    private static partial Regex NumberLiteral();

    [GeneratedRegex(@"'(?:[^']|'')*'")]
    private static partial Regex StringLiteral();

    /// <summary>One or two of the statement's number or string literals replaced by edge values.</summary>
    private static string MutateLiterals(string sql, Random random)
    {
        var text = sql;
        for (int changes = random.Next(1, 3); changes > 0; changes--)
        {
            bool number = random.Next(2) == 0;
            var found = (number ? NumberLiteral() : StringLiteral()).Matches(text);
            if (found.Count == 0)
                continue;
            var literal = found[random.Next(found.Count)];
            var replacement = number ? Numbers[random.Next(Numbers.Length)] : Strings[random.Next(Strings.Length)];
            text = text[..literal.Index] + replacement + text[(literal.Index + literal.Length)..];
        }

        return text;
    }

    private static List<string> Mutate(string[] words, Random random)
    {
        var mutated = words.ToList();
        for (int changes = random.Next(1, 4); changes > 0 && mutated.Count > 1; changes--)
        {
            int i = random.Next(mutated.Count), j = random.Next(mutated.Count);
            switch (random.Next(5))
            {
                case 0:
                    mutated.RemoveAt(i);
                    break;
                case 1:
                    (mutated[i], mutated[j]) = (mutated[j], mutated[i]);
                    break;
                case 2:
                    mutated[i] = mutated[j];
                    break;
                case 3:
                    mutated.Insert(i, EdgeValues[random.Next(EdgeValues.Length)]);
                    break;
                default:
                    mutated[i] = EdgeValues[random.Next(EdgeValues.Length)];
                    break;
            }
        }

        return mutated;
    }

    private static async Task RunAsync(Session session, string sql, StringWriter log, Dictionary<string, string> failures, string file)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            foreach (var (result, _) in await session.ExecuteAllAsync(sql, timeout.Token))
            {
                if (result.Error is { SqlState: "XX000" } error)
                    failures.TryAdd($"{error.Message} ({error.Detail})", $"{Path.GetFileName(file)}: {sql}");
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            failures.TryAdd("no answer within 10 s", $"{Path.GetFileName(file)}: {sql}");
        }

        var logged = log.ToString();
        if (logged.Contains("internal error", StringComparison.Ordinal))
            failures.TryAdd(logged.Split('\n')[0], $"{Path.GetFileName(file)}: {sql}");
        log.GetStringBuilder().Clear();
    }
}
