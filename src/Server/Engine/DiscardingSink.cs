using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Data;

namespace StreamSql.Server.Engine;

/// <summary>A sink that writes nothing: the sinks of an engine that only rebuilds state (<see cref="EngineMode.StateOnly"/>).</summary>
internal sealed class DiscardingSink : ISink
{
    public void Open(string name, RowSchema schema)
    {
    }

    public void Write(long epoch, Batch changes)
    {
    }

    public void Commit(long epoch)
    {
    }

    public void Dispose()
    {
    }
}
