namespace StreamSql.Server.Engine;

/// <summary>
/// The result of one statement. For <see cref="ResultKind.Rows"/> and <see cref="ResultKind.CopyOut"/>
/// the rows come from <see cref="Reader"/>, which the front end must dispose; <see cref="CommandTag"/>
/// for those kinds is the tag's prefix (e.g. "SELECT", "FETCH", "COPY") and the front end appends the count.
/// </summary>
public sealed class StatementResult
{
    public required ResultKind Kind { get; init; }
    public string CommandTag { get; init; } = "";
    public IReadOnlyList<ResultColumn>? Columns { get; init; }
    public IRowReader? Reader { get; init; }
    public EngineError? Error { get; init; }
    public IReadOnlyList<EngineNotice> Notices { get; init; } = [];

    /// <summary>How a <see cref="ResultKind.CopyOut"/> result's rows are written, or a <see cref="ResultKind.CopyIn"/> result's read (COPY's options).</summary>
    public Planner.CopyFormat CopyFormat { get; init; } = Planner.CopyFormat.Text;

    /// <summary>Where the rows of a <see cref="ResultKind.CopyIn"/> result go.</summary>
    public CopyInTarget? CopyIn { get; init; }

    public static StatementResult Command(string tag, IReadOnlyList<EngineNotice>? notices = null) =>
        new() { Kind = ResultKind.Command, CommandTag = tag, Notices = notices ?? [] };

    public static StatementResult Failed(EngineError error) => new() { Kind = ResultKind.Error, Error = error };
}
