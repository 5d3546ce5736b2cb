namespace StreamSql.Runtime.Nexmark;

/// <summary>
/// Destination arrays for generated people, one per column of <see cref="NexmarkSchema.Person"/>.
/// A null array is a column nobody reads: the generator still makes the draws that later
/// columns depend on, but builds no value for it (no string is allocated).
/// </summary>
public sealed class PersonColumns
{
    public long[]? Id { get; init; }
    public string?[]? Name { get; init; }
    public string?[]? EmailAddress { get; init; }
    public string?[]? CreditCard { get; init; }
    public string?[]? City { get; init; }
    public string?[]? State { get; init; }
    /// <summary>Microseconds since the epoch (the runtime's TIMESTAMP representation).</summary>
    public long[]? DateTime { get; init; }
    public string?[]? Extra { get; init; }

    /// <summary>Every column (<c>extra</c> only when asked), each with room for <paramref name="capacity"/> rows.</summary>
    public static PersonColumns Allocate(int capacity, bool withExtra = true) => new()
    {
        Id = new long[capacity],
        Name = new string?[capacity],
        EmailAddress = new string?[capacity],
        CreditCard = new string?[capacity],
        City = new string?[capacity],
        State = new string?[capacity],
        DateTime = new long[capacity],
        Extra = withExtra ? new string?[capacity] : null,
    };
}
