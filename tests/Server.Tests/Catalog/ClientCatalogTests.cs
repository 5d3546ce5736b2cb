using Npgsql;
using StreamSql.Server.Tests.Support;

namespace StreamSql.Server.Tests.Catalog;

/// <summary>psql's describe commands and Npgsql with a default connection string against the real server.</summary>
public sealed class ClientCatalogTests(CatalogServerFixture server) : IClassFixture<CatalogServerFixture>
{
    private Task<(int Exit, string Out, string Err)> RunPsql(params string[] args) =>
        PsqlClient.RunAsync(server.Host.PgPort, "streamsql", "streamsql", args);

    private async Task<string> Psql(string command)
    {
        var (exit, output, error) = await RunPsql("-c", command);
        Assert.True(exit == 0, error);
        Assert.Equal("", error);
        return output;
    }

    [Fact]
    public async Task ListTables() => Assert.Equal("""
                   List of relations
         Schema |   Name    | Type  |   Owner   
        --------+-----------+-------+-----------
         public | s1_errors | table | streamsql
         public | t1        | table | streamsql
        (2 rows)


        """, await Psql("\\dt"));

    [Fact]
    public async Task ListTablesWithSizes() => Assert.EndsWith("""
         Schema |   Name    | Type  |   Owner   | Persistence | Access method |  Size   | Description 
        --------+-----------+-------+-----------+-------------+---------------+---------+-------------
         public | s1_errors | table | streamsql | permanent   | heap          | 0 bytes | 
         public | t1        | table | streamsql | permanent   | heap          | 0 bytes | 
        (2 rows)


        """, await Psql("\\dt+"));

    [Fact]
    public async Task ListRolesDatabasesAndTablespaces()
    {
        Assert.Contains(" streamsql | Superuser, Create role, Create DB, Replication, Bypass RLS | {}", await Psql("\\du"));
        Assert.Contains("| 0 bytes | pg_default |", await Psql("\\l+"));
        Assert.Contains(" pg_default | streamsql | ", await Psql("\\db"));
    }

    [Fact]
    public async Task ViewDefinitionsAreTheQueriesAsWritten()
    {
        Assert.EndsWith("View definition:\n SELECT id, name FROM t1;\n\n", await Psql("\\d+ v1"));
        Assert.Contains("View definition:\n SELECT name, count(*) AS n FROM t1 GROUP BY name;\n", await Psql("\\d+ m1"));
        Assert.Equal("CREATE OR REPLACE VIEW public.v1 AS\n SELECT id, name FROM t1\n", await Psql("\\sv v1"));
    }

    [Fact]
    public async Task FetchCountReadsThroughACursor()
    {
        var (exit, output, error) = await RunPsql("-v", "FETCH_COUNT=1", "-c", "SELECT 1 AS one UNION ALL SELECT 2 ORDER BY one");
        Assert.True(exit == 0, error);
        Assert.Contains(" one \n-----\n   1\n   2\n(2 rows)", output);
    }

    [Fact]
    public async Task ListRelations() => Assert.Equal("""
                         List of relations
         Schema |   Name    |       Type        |   Owner   
        --------+-----------+-------------------+-----------
         public | m1        | materialized view | streamsql
         public | s1        | foreign table     | streamsql
         public | s1_errors | table             | streamsql
         public | t1        | table             | streamsql
         public | v1        | view              | streamsql
        (5 rows)


        """, await Psql("\\d"));

    [Fact]
    public async Task ListDatabases() => Assert.Equal("""
                                                    List of databases
           Name    |   Owner   | Encoding | Collate |  Ctype  | ICU Locale | Locale Provider | Access privileges 
        -----------+-----------+----------+---------+---------+------------+-----------------+-------------------
         streamsql | streamsql | UTF8     | C.UTF-8 | C.UTF-8 |            | libc            | 
        (1 row)


        """, await Psql("\\l"));

    [Fact]
    public async Task ListSchemas() => Assert.Equal("""
          List of schemas
          Name  |   Owner   
        --------+-----------
         public | streamsql
        (1 row)


        """, await Psql("\\dn"));

    [Fact]
    public async Task DescribeView() => Assert.Equal("""
                         View "public.v1"
         Column |  Type   | Collation | Nullable | Default 
        --------+---------+-----------+----------+---------
         id     | integer |           |          | 
         name   | text    |           |          | 


        """, await Psql("\\d v1"));

    [Fact]
    public async Task DescribeTableShowsItsPrimaryKeyAsPostgreSqlDoes() => Assert.Equal("""
                            Table "public.t1"
         Column |     Type      | Collation | Nullable | Default 
        --------+---------------+-----------+----------+---------
         id     | integer       |           | not null | 
         name   | text          |           | not null | 
         amount | numeric(10,2) |           |          | 
         tags   | text[]        |           |          | 
        Indexes:
            "t1_pkey" PRIMARY KEY, btree (id)


        """, await Psql("\\d t1"));

    /// <summary>Defaults and CHECK constraints as psql shows them (output copied from PostgreSQL 15); the table is dropped again so the listings above stay as they are.</summary>
    [Fact]
    public async Task DescribeTableShowsDefaultsAndCheckConstraintsAsPostgreSqlDoes()
    {
        await Psql("CREATE TABLE dc (id INT PRIMARY KEY, name TEXT NOT NULL DEFAULT 'anon', qty INT DEFAULT 1 CHECK (qty > 0), created TIMESTAMPTZ DEFAULT now(), CONSTRAINT sane CHECK (qty < 100 OR name <> 'bulk'))");
        try
        {
            Assert.Equal("""
                                            Table "public.dc"
                 Column  |           Type           | Collation | Nullable |   Default    
                ---------+--------------------------+-----------+----------+--------------
                 id      | integer                  |           | not null | 
                 name    | text                     |           | not null | 'anon'::text
                 qty     | integer                  |           |          | 1
                 created | timestamp with time zone |           |          | now()
                Indexes:
                    "dc_pkey" PRIMARY KEY, btree (id)
                Check constraints:
                    "dc_qty_check" CHECK (qty > 0)
                    "sane" CHECK (qty < 100 OR name <> 'bulk'::text)


                """, await Psql("\\d dc"));
        }
        finally
        {
            await Psql("DROP TABLE dc");
        }
    }

    /// <summary>Character types with their lengths, as psql shows them (output copied from PostgreSQL 15).</summary>
    [Fact]
    public async Task DescribeTableShowsCharacterTypesWithTheirLengths()
    {
        await Psql("CREATE TABLE chars (a VARCHAR(3), b CHAR(2) DEFAULT 'x', c CHARACTER VARYING, d CHARACTER(5))");
        try
        {
            Assert.Equal("""
                                        Table "public.chars"
                 Column |         Type         | Collation | Nullable |   Default   
                --------+----------------------+-----------+----------+-------------
                 a      | character varying(3) |           |          | 
                 b      | character(2)         |           |          | 'x'::bpchar
                 c      | character varying    |           |          | 
                 d      | character(5)         |           |          | 


                """, await Psql("\\d chars"));
        }
        finally
        {
            await Psql("DROP TABLE chars");
        }
    }

    [Fact]
    public async Task ListIndexes() => Assert.Equal("""
                      List of relations
         Schema |  Name   | Type  |   Owner   | Table 
        --------+---------+-------+-----------+-------
         public | t1_pkey | index | streamsql | t1
        (1 row)


        """, await Psql("\\di"));

    [Fact]
    public async Task DescribeMaterializedView() => Assert.Equal("""
                  Materialized view "public.m1"
         Column |  Type  | Collation | Nullable | Default 
        --------+--------+-----------+----------+---------
         name   | text   |           |          | 
         n      | bigint |           |          | 


        """, await Psql("\\d m1"));

    /// <summary>A source is a foreign table whose server is its connector and whose options are the connector's.</summary>
    [Fact]
    public async Task DescribeSourceShowsItsConnector() => Assert.Equal("""
                                      Foreign table "public.s1"
         Column  |            Type             | Collation | Nullable | Default | FDW options 
        ---------+-----------------------------+-----------+----------+---------+-------------
         user_id | text                        |           |          |         | 
         ts      | timestamp without time zone |           |          |         | 
        Server: generator
        FDW options: (rows_per_second '1')


        """, await Psql("\\d s1"));

    [Fact]
    public async Task ListForeignTablesAndServers()
    {
        Assert.Equal("""
               List of foreign tables
             Schema | Table |  Server   
            --------+-------+-----------
             public | s1    | generator
            (1 row)


            """, await Psql("\\det"));
        Assert.Contains(" generator | streamsql | streamsql", await Psql("\\des"));
    }

    [Fact]
    public async Task SessionFunctions() => Assert.Equal("""
                        version                | current_database | current_schema | current_setting 
        ---------------------------------------+------------------+----------------+-----------------
         PostgreSQL 15.0 (StreamSql) on x86_64 | streamsql        | public         | UTC
        (1 row)


        """, await Psql("SELECT version(), current_database(), current_schema(), current_setting('TimeZone')"));

    [Fact]
    public async Task NpgsqlOpensWithTypeLoadingAndReadsEveryTypeBothWays()
    {
        await using var connection = await server.OpenAsync();
        Assert.Equal(new Version(15, 0), connection.PostgreSqlVersion);
        await using var command = new NpgsqlCommand(
            "SELECT @b, @i2, @i4, @i8, @f4, @f8, @n, @t, @ts, @tstz, @d, @iv, @j::jsonb, @a", connection);
        var ts = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Unspecified);
        var tstz = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var values = new object[] { true, (short)2, 4, 8L, 1.5f, 2.25, 12.34m, "text", ts, tstz, new DateOnly(2024, 1, 2), TimeSpan.FromMinutes(90), "{\"a\": 1}", new[] { 1, 2 } };
        var names = new[] { "b", "i2", "i4", "i8", "f4", "f8", "n", "t", "ts", "tstz", "d", "iv", "j", "a" };
        for (var i = 0; i < names.Length; i++)
            command.Parameters.Add(new NpgsqlParameter(names[i], values[i]));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(
            ["boolean", "smallint", "integer", "bigint", "real", "double precision", "numeric", "text", "timestamp without time zone",
             "timestamp with time zone", "date", "interval", "jsonb", "integer[]"],
            Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToArray());
        Assert.True(reader.GetBoolean(0));
        Assert.Equal((short)2, reader.GetInt16(1));
        Assert.Equal(4, reader.GetInt32(2));
        Assert.Equal(8L, reader.GetInt64(3));
        Assert.Equal(1.5f, reader.GetFloat(4));
        Assert.Equal(2.25, reader.GetDouble(5));
        Assert.Equal(12.34m, reader.GetDecimal(6));
        Assert.Equal("text", reader.GetString(7));
        Assert.Equal(ts, reader.GetDateTime(8));
        Assert.Equal(tstz, reader.GetFieldValue<DateTime>(9));
        Assert.Equal(new DateOnly(2024, 1, 2), reader.GetFieldValue<DateOnly>(10));
        Assert.Equal(TimeSpan.FromMinutes(90), reader.GetTimeSpan(11));
        Assert.Equal("{\"a\": 1}", reader.GetString(12));
        Assert.Equal([1, 2], reader.GetFieldValue<int[]>(13));
    }
}
