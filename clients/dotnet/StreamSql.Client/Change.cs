namespace StreamSql.Client;

/// <summary>One row of a view inserted (<see cref="Diff"/> &gt; 0) or retracted (&lt; 0) at an epoch.</summary>
/// <typeparam name="T">The row type.</typeparam>
/// <param name="Epoch">The committed epoch of the change.</param>
/// <param name="Diff">+1 inserted, -1 retracted (a snapshot row is +1).</param>
/// <param name="Row">The row.</param>
public sealed record Change<T>(long Epoch, int Diff, T Row);
