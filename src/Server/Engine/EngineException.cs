namespace StreamSql.Server.Engine;

/// <summary>Carries an <see cref="EngineError"/> out of a streaming result (a subscriber cut off, a cancelled statement).</summary>
public sealed class EngineException(EngineError error) : Exception(error.Message)
{
    public EngineError Error { get; } = error;
}
