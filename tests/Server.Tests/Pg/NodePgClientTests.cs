namespace StreamSql.Server.Tests.Pg;

/// <summary>
/// node-postgres (pg 8.23.1, pg-cursor 2.22.0, pg-query-stream 4.17.0) against the real engine:
/// what node apps do, each scenario one line of the script's output, compared whole. The values
/// are those PostgreSQL 15 gives the same script (int8 and numeric as strings, timestamps and
/// dates as Date, arrays parsed, jsonb as objects), except where the dialect says otherwise.
/// </summary>
public sealed class NodePgClientTests(NodePgFixture node) : IClassFixture<NodePgFixture>
{
    [Fact]
    public void ConnectsWithTheDefaultAuthentication() =>
        Assert.Equal("""{"rows":[{"one":1}],"command":"SELECT","processIdSet":true}""", node.Result("connect"));

    [Fact]
    public void ConnectsWithScramAndAWrongPasswordIsRefused() =>
        Assert.Equal("""{"rows":[{"one":1}],"refused":{"code":"28P01","message":"password authentication failed for user \"alice\""}}""", node.Result("scram"));

    [Fact]
    public void AMultiStatementSimpleQueryGivesOneResultPerStatement() =>
        Assert.Equal("""{"results":[{"command":"SELECT","rows":[{"a":1}]},{"command":"SELECT","rows":[{"b":"x","c":"2.5"}]}]}""", node.Result("multi-statement"));

    [Fact]
    public void ParametersOfEveryTypeRoundTripAndParseAsNodePostgresParsesThem() =>
        Assert.Equal("""{"types":[23,20,1700,25,16,1114,1184,1082,3802,1007,1009,25],"row":{"i":42,"b":"9007199254740993","n":"12.345","t":"héllo","bo":true,"ts":"2024-05-06T07:08:09.123Z","tz":"2024-05-06T07:08:09.123Z","d":"2024-05-06T00:00:00.000Z","j":{"a":[1,"x"],"b":null},"ia":[1,2,3],"ta":["a","b,c",null],"nul":null},"jsTypes":{"i":"number","b":"string","n":"string","t":"string","bo":"boolean","ts":"Date","tz":"Date","d":"Date","j":"object","ia":"array","ta":"array","nul":"null"}}""",
            node.Result("parameters"));

    [Fact]
    public void ErrorsCarryCodePositionAndMessageAndTheClientGoesOn() =>
        Assert.Equal("""{"syntax":{"code":"42601","position":"1","message":"unknown statement 'SELEC': expected SELECT, CREATE, INSERT, UPDATE, DELETE, TRUNCATE, DROP, SUBSCRIBE, SHOW, SET, EXPLAIN, FLUSH, COPY, DECLARE, FETCH, CLOSE, BEGIN, COMMIT or ROLLBACK"},"missingSimple":{"code":"42P01","position":"15","message":"relation \"node_missing\" does not exist"},"missingExtended":{"code":"42P01","position":"15","message":"relation \"node_missing\" does not exist"},"after":[{"two":2}]}""",
            node.Result("errors"));

    [Fact]
    public void TablesViewsInsertsFlushAndSelects() =>
        Assert.Equal("""{"commands":["CREATE","CREATE"],"insert":["INSERT",2,1],"flush":"FLUSH","view":[{"customer":"ann","total":"14.75","n":"2"},{"customer":"bob","total":"3","n":"1"}],"prepared":[[{"total":"14.75"}],[{"total":"3"}]]}""",
            node.Result("tables-and-views"));

    [Fact]
    public void SubscribeThroughPgCursorReadsNRowsClosesAndTheClientIsReused() =>
        Assert.Equal("""{"first":[[1,1,"a"],[1,2,"b"]],"second":[[1,3,"c"]],"columns":["epoch","diff","k","v"],"after":[{"n":"3"}],"prompt":true}""",
            node.Result("cursor"));

    /// <summary>
    /// The stream's read-ahead Execute waits for a row when the loop leaves it; its Close must end
    /// that Execute at once (it used to block the connection until the next change).
    /// </summary>
    [Fact]
    public void SubscribeThroughPgQueryStreamDeliversRowsAsTheyArriveAndAnEarlyDestroyFreesTheClient() =>
        Assert.Equal("""{"seen":[[1,1,"a"],[1,2,"b"],[1,3,"c"]],"destroyed":true,"after":[{"n":"3"}],"prompt":true}""",
            node.Result("stream"));

    [Fact]
    public void ClientCancelStopsASubscriptionWith57014() =>
        Assert.Equal("""{"error":{"code":"57014","message":"canceling statement due to user request"},"after":[{"three":3}]}""", node.Result("cancel"));

    [Fact]
    public void QueryTimeoutGivesUpAndACancelFreesTheConnection() =>
        Assert.Equal("""{"error":{"message":"Query read timeout"},"after":[{"four":4}]}""", node.Result("query-timeout"));

    [Fact]
    public void APoolRunsConcurrentQueries() =>
        Assert.Equal("""{"values":[0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38],"atMostFour":true}""", node.Result("pool"));
}
