namespace StreamSql.Runtime.Connectors.Generator;

/// <summary>
/// One column's generator settings: <c>fields.&lt;col&gt;.kind</c>, <c>.start</c>/<c>.end</c> for
/// sequences, <c>.min</c>/<c>.max</c> for random numbers (for timestamps: microseconds are derived
/// from the text of a timestamp), <c>.length</c> for random text. Bounds are kept as text and read
/// in the column's type when the source starts.
/// </summary>
public sealed record GeneratorField(GeneratorFieldKind Kind, string? Start = null, string? End = null, string? Min = null, string? Max = null, int Length = 10);
