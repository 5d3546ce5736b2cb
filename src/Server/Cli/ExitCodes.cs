namespace StreamSql.Server.Cli;

/// <summary>The exit codes of every command (dialect.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A user error: bad SQL, a failing test, a refused deployment.</summary>
    public const int UserError = 1;

    /// <summary>The command line itself is wrong (unknown option, missing file).</summary>
    public const int Usage = 2;

    /// <summary>A bug or an environment failure (could not bind a port...).</summary>
    public const int Internal = 3;
}
