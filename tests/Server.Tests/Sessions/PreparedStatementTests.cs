using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Tests.Sessions;

/// <summary>Statements with $n parameters through the session, as the extended query protocol runs them.</summary>
public sealed class PreparedStatementTests
{
    [Fact]
    public async Task InsertValuesTakesItsParameters()
    {
        await using var engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Manual });
        await using var session = engine.OpenSession();
        await session.ExecuteAllAsync("CREATE TABLE p (id INT, name TEXT)", CancellationToken.None);
        var insert = await session.PrepareAsync("INSERT INTO p VALUES ($1, $2)", [], CancellationToken.None);
        Assert.Null(insert.Error);
        Assert.Equal([DataType.Int32, DataType.Text], insert.ParameterTypes);
        var done = await session.ExecutePreparedAsync(insert, [7, "seven"], CancellationToken.None);
        Assert.Null(done.Error);
        Assert.Equal("INSERT 0 1", done.CommandTag);

        var select = await session.PrepareAsync("SELECT name FROM p WHERE id = $1", [], CancellationToken.None);
        var result = await session.ExecutePreparedAsync(select, [7], CancellationToken.None);
        Assert.NotNull(result.Reader);
        Assert.True(await result.Reader!.MoveNextAsync(CancellationToken.None));
        Assert.Equal("seven", result.Reader.Current[0]);
        Assert.False(await result.Reader.MoveNextAsync(CancellationToken.None));
    }
}
