namespace StreamSql.Runtime.Connectors.Generator;

/// <summary>How the <c>generator</c> connector fills one column.</summary>
public enum GeneratorFieldKind
{
    /// <summary>start, start + 1, ... up to end (inclusive); a bounded sequence makes the source bounded.</summary>
    Sequence,

    /// <summary>Uniform pseudo-random values in [min, max], a pure function of (seed, column, row number).</summary>
    Random,
}
