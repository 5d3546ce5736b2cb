using System.Globalization;
using StreamSql.KafkaMock;

// Starts librdkafka's mock Kafka cluster for end-to-end tests and prints its address.
//   StreamSql.KafkaMock [--brokers N] [--topic NAME]... [--produce TOPIC[:PARTITION]=FILE]...
// Topics are created with the mock cluster's fixed partition count (4), printed as "topic=NAME:4";
// then prints "bootstrap=HOST:PORT,..." and "ready", then reads stdin: each line "TOPIC[:PARTITION]<TAB>VALUE"
// is produced; the cluster stays up until stdin closes or the process is killed.
const string usage = "usage: StreamSql.KafkaMock [--brokers N] [--topic NAME]... [--produce TOPIC[:PARTITION]=FILE]...";
int brokers = 1;
var topics = new List<string>();
var produce = new List<(string Target, string File)>();
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    try
    {
        switch (args[i])
        {
            case "--brokers":
                brokers = int.Parse(Next(), CultureInfo.InvariantCulture);
                break;
            case "--topic":
                topics.Add(Next());
                break;
            case "--produce":
                var p = Next();
                int eq = p.IndexOf('=');
                if (eq <= 0)
                    throw new ArgumentException("--produce takes TOPIC[:PARTITION]=FILE");
                produce.Add((p[..eq], p[(eq + 1)..]));
                break;
            default:
                throw new ArgumentException($"unknown argument '{args[i]}'");
        }
    }
    catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
    {
        Console.Error.WriteLine(e.Message);
        Console.Error.WriteLine(usage);
        return 2;
    }
}

using var cluster = MockKafkaCluster.Start(brokers);
foreach (var name in topics)
    Console.Out.WriteLine($"topic={name}:{cluster.EnsureTopic(name)}");
foreach (var (target, file) in produce)
{
    var (topic, partition) = Target(target);
    cluster.ProduceMany(topic, File.ReadLines(file), partition);
}
Console.Out.WriteLine("bootstrap=" + cluster.Bootstrap);
Console.Out.WriteLine("ready");
Console.Out.Flush();
while (Console.In.ReadLine() is { } line)
{
    int tab = line.IndexOf('\t');
    if (tab <= 0)
    {
        Console.Error.WriteLine($"ignored line without TOPIC<TAB>VALUE: {line}");
        continue;
    }
    var (topic, partition) = Target(line[..tab]);
    cluster.Produce(topic, line[(tab + 1)..], partition);
}
return 0;

static (string Topic, int Partition) Target(string text)
{
    int colon = text.LastIndexOf(':');
    return colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
        ? (text[..colon], p)
        : (text, -1);
}
