namespace StreamSql.Server.Hosting;

/// <summary>Options that cannot start a server (a public address without a password, a missing certificate...); the message says how to fix them.</summary>
public sealed class ServerOptionsException(string message) : Exception(message);
