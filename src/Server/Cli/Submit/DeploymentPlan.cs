using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace StreamSql.Server.Cli.Submit;

/// <summary>What a deployment does to one object.</summary>
public enum ChangeKind
{
    Create,
    Replace,
    /// <summary>Unchanged itself, but it reads a replaced object, so it is dropped and created again.</summary>
    Rebuild,
    Drop,
}

public sealed record PlannedChange(ChangeKind Kind, PipelineObject Object, string? Reason)
{
    public string Describe()
    {
        var (symbol, verb) = Kind switch
        {
            ChangeKind.Create => ("+", "create"),
            ChangeKind.Replace => ("~", "replace"),
            ChangeKind.Rebuild => ("~", "rebuild"),
            _ => ("-", "drop"),
        };
        return $"{symbol} {verb} {Object.Describe()}{(Reason is null ? "" : $" ({Reason})")}";
    }
}

/// <summary>
/// The difference between the objects a set of files declares and the objects a server has, and the
/// statements that turn one into the other: drops first (readers before what they read), then
/// creates in the files' order. Replacing an object means dropping and creating it again, and every
/// object that reads it is rebuilt the same way, so the plan names those too.
/// </summary>
public sealed partial class DeploymentPlan
{
    private DeploymentPlan(ImmutableArray<PlannedChange> changes, ImmutableArray<string> statements, ImmutableArray<string> needsAllowDrop)
    {
        Changes = changes;
        Statements = statements;
        NeedsAllowDrop = needsAllowDrop;
    }

    public ImmutableArray<PlannedChange> Changes { get; }

    /// <summary>The SQL statements to run, in order.</summary>
    public ImmutableArray<string> Statements { get; }

    /// <summary>Why this plan needs <c>--allow-drop</c> (empty when it does not).</summary>
    public ImmutableArray<string> NeedsAllowDrop { get; }

    public bool IsEmpty => Changes.IsEmpty;

    public static DeploymentPlan Compute(IReadOnlyList<PipelineObject> desired, IReadOnlyList<PipelineObject> actual)
    {
        var wanted = desired.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var existing = actual.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var changes = new List<PlannedChange>();
        var allowDrop = new List<string>();

        var replaced = desired.Where(o => existing.TryGetValue(o.Name, out var e) && (e.Kind != o.Kind || e.Canonical != o.Canonical))
            .Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var dropped = actual.Where(o => !wanted.ContainsKey(o.Name)).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);

        // Everything on the server that reads a replaced object, directly or through others.
        var readers = actual.SelectMany(o => o.Dependencies.Select(d => (Dependency: d, Reader: o.Name)))
            .ToLookup(p => p.Dependency, p => p.Reader, StringComparer.Ordinal);
        var rebuilt = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in replaced)
            Visit(name);

        void Visit(string name)
        {
            foreach (var reader in readers[name])
            {
                if (replaced.Contains(reader) || dropped.Contains(reader) || rebuilt.ContainsKey(reader))
                    continue;
                rebuilt[reader] = $"reads {name}";
                Visit(reader);
            }
        }

        foreach (var o in desired)
        {
            if (!existing.TryGetValue(o.Name, out var e))
            {
                changes.Add(new PlannedChange(ChangeKind.Create, o, null));
            }
            else if (replaced.Contains(o.Name))
            {
                var reason = e.Kind != o.Kind ? $"was a {PipelineObject.KindWord(e.Kind)}" : "definition changed";
                changes.Add(new PlannedChange(ChangeKind.Replace, o, reason));
                var dependents = readers[o.Name].Where(r => !dropped.Contains(r)).ToList();
                if (dependents.Count > 0)
                    allowDrop.Add($"replacing {e.Describe()} rebuilds what reads it: {string.Join(", ", dependents.Select(d => existing[d].Describe()))}");
                if (e.HoldsData)
                    allowDrop.Add($"replacing {e.Describe()} drops its rows");
            }
            else if (rebuilt.TryGetValue(o.Name, out var why))
            {
                changes.Add(new PlannedChange(ChangeKind.Rebuild, o, why));
            }
        }

        foreach (var o in actual.Where(o => dropped.Contains(o.Name)))
        {
            changes.Add(new PlannedChange(ChangeKind.Drop, o, "not in the files"));
            allowDrop.Add($"{o.Describe()} is not in the files and would be dropped");
        }

        var statements = new List<string>();
        var toDrop = replaced.Concat(dropped).Concat(rebuilt.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var o in ReadersFirst(actual).Where(o => toDrop.Contains(o.Name)))
            statements.Add($"DROP {PipelineObject.KindWord(o.Kind).ToUpperInvariant()} {Quote(o.Name)}");
        foreach (var o in desired.Where(o => !existing.ContainsKey(o.Name) || replaced.Contains(o.Name) || rebuilt.ContainsKey(o.Name)))
            statements.Add(o.Definition.TrimEnd().TrimEnd(';'));

        return new DeploymentPlan([.. changes], [.. statements], [.. allowDrop]);
    }

    /// <summary>The objects ordered so that every object comes before the objects it reads.</summary>
    private static IEnumerable<PipelineObject> ReadersFirst(IReadOnlyList<PipelineObject> objects)
    {
        var byName = objects.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var order = new List<PipelineObject>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in objects)
            Visit(o);
        order.Reverse();
        return order;

        void Visit(PipelineObject o)
        {
            if (!seen.Add(o.Name))
                return;
            foreach (var d in o.Dependencies)
                if (byName.TryGetValue(d, out var dependency))
                    Visit(dependency);
            order.Add(o);
        }
    }

    private static string Quote(string name) =>
        PlainName().IsMatch(name) ? name : "\"" + name.Replace("\"", "\"\"") + "\"";

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex PlainName();
}
