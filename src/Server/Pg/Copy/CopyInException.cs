using StreamSql.Server.Engine;

namespace StreamSql.Server.Pg.Copy;

/// <summary>The client's COPY data cannot be read (a bad value, a short row...): the COPY fails with <see cref="Error"/>, the connection carries on.</summary>
internal sealed class CopyInException(EngineError error) : Exception(error.Message)
{
    public EngineError Error { get; } = error;
}
