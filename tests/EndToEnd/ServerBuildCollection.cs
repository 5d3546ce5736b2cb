namespace StreamSql.EndToEnd.Tests;

/// <summary>Server process tests share one build and run one after another (the machine has few cores).</summary>
[CollectionDefinition(Name)]
public sealed class ServerBuildCollection : ICollectionFixture<ServerBuild>
{
    public const string Name = "server process";
}
