using System.Collections.Immutable;
using StreamSql.Planner;

namespace StreamSql.Server.Cli.Submit;

/// <summary>
/// One object of a pipeline, as declared in a file or as it exists on a server: its kind, its SQL
/// text, the text in canonical form (re-formatted from the syntax tree, so spacing, case of keywords
/// and comments do not count as a change) and the names of the objects it reads.
/// </summary>
public sealed record PipelineObject(string Name, ObjectKind Kind, string Definition, string Canonical, ImmutableArray<string> Dependencies)
{
    /// <summary>How the kind is written in SQL (<c>DROP MATERIALIZED VIEW</c>) and in plans.</summary>
    public static string KindWord(ObjectKind kind) => kind switch
    {
        ObjectKind.Source => "source",
        ObjectKind.Table => "table",
        ObjectKind.MaterializedView => "materialized view",
        ObjectKind.View => "view",
        ObjectKind.Sink => "sink",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public string Describe() => $"{KindWord(Kind)} {Name}";

    /// <summary>True for objects whose replacement throws away data no file can bring back (table rows).</summary>
    public bool HoldsData => Kind == ObjectKind.Table;
}
