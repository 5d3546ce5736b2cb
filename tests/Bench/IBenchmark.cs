namespace StreamSql.Bench;

/// <summary>
/// A benchmark the harness can run by name. Benchmarks measure throughput over a fixed amount of
/// work and print their own numbers; they never assert timings (tests do not time things).
/// </summary>
public interface IBenchmark
{
    /// <summary>The name given on the command line, e.g. "parse".</summary>
    string Name { get; }

    /// <summary>One line saying what it measures.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark with the arguments after its name and writes results to <paramref name="output"/>.</summary>
    void Run(IReadOnlyList<string> args, TextWriter output);
}
