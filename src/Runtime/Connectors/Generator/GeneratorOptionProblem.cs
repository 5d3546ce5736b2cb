namespace StreamSql.Runtime.Connectors.Generator;

/// <summary>What is wrong with a <c>generator</c> source's options: the option at fault (as written) and why, naming what would be valid.</summary>
public sealed record GeneratorOptionProblem(string Option, string Message);
