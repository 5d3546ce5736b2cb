using System.Globalization;

namespace StreamSql.Runtime.Tests.Support;

/// <summary>A clock the test moves by hand (2024-01-01 00:00 UTC unless told otherwise).</summary>
internal sealed class ManualTime(DateTimeOffset? start = null) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start ?? DateTimeOffset.Parse("2024-01-01T00:00:00Z", CultureInfo.InvariantCulture);

    public override DateTimeOffset GetUtcNow() => Now;
}
