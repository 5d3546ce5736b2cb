namespace StreamSql.Server.Testing;

/// <summary>The engine a sqllogictest file runs against: in-process, or a server over the Postgres wire.</summary>
public interface ISltTarget : IAsyncDisposable
{
    /// <summary>The name <c>skipif</c>/<c>onlyif</c> compare with.</summary>
    string EngineName { get; }

    /// <summary>Runs one SQL text (which may hold several statements) and returns the last statement's outcome, or the first error.</summary>
    Task<SltOutcome> ExecuteAsync(string sql, CancellationToken cancellationToken);

    /// <summary>False when streaming directives need an engine this target does not have (a server over the wire): they are then skipped.</summary>
    bool SupportsDirectives => true;

    /// <summary>Runs a streaming directive (<c>ingest</c>, <c>advance</c>, <c>subscribe</c>, <c>changes</c>); null when the target cannot.</summary>
    Task<SltOutcome>? ExecuteDirectiveAsync(SltDirective directive, CancellationToken cancellationToken);
}
