namespace StreamSql.Server.Durability;

/// <summary>The data directory cannot be used: it is locked by another server, unreadable, or its logs disagree with each other.</summary>
public sealed class DurabilityException(string message, Exception? inner = null) : Exception(message, inner);
