using System.Collections.Immutable;

namespace StreamSql.Planner;

/// <summary>A validated <c>WITH (connector = '...', ...)</c> clause.</summary>
/// <param name="Name">The connector name, lower case (kafka, directory, socket, generator, nexmark, file, postgres, console).</param>
/// <param name="Options">Every option but <c>connector</c>, keys lower case, values as text.</param>
public sealed record ConnectorDefinition(string Name, ImmutableSortedDictionary<string, string> Options)
{
    public string? Get(string option) => Options.TryGetValue(option, out var value) ? value : null;
}
