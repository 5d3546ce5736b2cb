namespace StreamSql.Server.Cli;

/// <summary>The command line asked for something that cannot be (a missing file, a bad URL): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
