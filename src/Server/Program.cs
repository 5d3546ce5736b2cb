namespace StreamSql.Server;

public static class Program
{
    public static int Main(string[] args) => Cli.StreamSqlCli.Run(args);
}
