using System.Reflection;
using StreamSql.Bench;

// Usage: dotnet run -c Release --project tests/Bench -- <benchmark> [args...]   (no name lists them)
var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: StreamSql.Bench <benchmark> [args...]");
    foreach (var b in benchmarks)
        Console.WriteLine($"  {b.Name,-20} {b.Description}");
    return args.Length == 0 ? 2 : 0;
}

var chosen = benchmarks.FirstOrDefault(b => b.Name == args[0]);
if (chosen is null)
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'; valid: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}

Console.WriteLine($"{chosen.Name}: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
chosen.Run(args.Skip(1).ToList(), Console.Out);
return 0;
