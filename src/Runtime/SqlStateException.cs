namespace StreamSql.Runtime;

/// <summary>
/// An error that reaches the user with a SQLSTATE: division by zero (22012), numeric overflow
/// (22003), invalid text for a type (22P02, 22007, 22008), a duplicate key (23505) and the like.
/// Thrown by the runtime for errors in data; never for bugs. The factory methods below keep the
/// SQLSTATE codes and PostgreSQL's message wording in one place.
/// </summary>
public sealed class SqlStateException(string sqlState, string message, string? detail = null, string? hint = null)
    : Exception(message)
{
    public const string NumericValueOutOfRange = "22003";
    public const string DivisionByZeroState = "22012";
    public const string InvalidTextRepresentationState = "22P02";
    public const string InvalidDatetimeFormat = "22007";
    public const string DatetimeFieldOverflow = "22008";
    public const string IntervalFieldOverflow = "22015";
    public const string InvalidParameterValue = "22023";
    public const string InvalidRegularExpression = "2201B";
    public const string InvalidEscapeSequence = "22025";
    public const string ArraySubscriptError = "2202E";
    public const string InvalidArgumentForLogarithm = "2201E";
    public const string InvalidArgumentForPowerFunction = "2201F";
    public const string CannotCoerce = "42846";
    public const string UndefinedFunction = "42883";
    public const string FeatureNotSupported = "0A000";

    public string SqlState { get; } = sqlState;
    public string? Detail { get; } = detail;
    public string? Hint { get; } = hint;

    /// <summary>For an error about one row of a batch of changes: that row's position among the batch's live rows.</summary>
    public int? Row { get; init; }

    /// <summary>22012 <c>division by zero</c>.</summary>
    public static SqlStateException DivisionByZero() => new(DivisionByZeroState, "division by zero");

    /// <summary>22003, e.g. <c>integer out of range</c> for typname <c>integer</c>.</summary>
    public static SqlStateException OutOfRange(string typeName) => new(NumericValueOutOfRange, $"{typeName} out of range");

    /// <summary>22P02 <c>invalid input syntax for type integer: "x"</c>.</summary>
    public static SqlStateException InvalidText(string typeName, string text) =>
        new(InvalidTextRepresentationState, $"invalid input syntax for type {typeName}: \"{text}\"");

    /// <summary>22007 <c>invalid input syntax for type timestamp: "x"</c> (date, time and interval input).</summary>
    public static SqlStateException InvalidDatetime(string typeName, string text) =>
        new(InvalidDatetimeFormat, $"invalid input syntax for type {typeName}: \"{text}\"");

    /// <summary>22008 <c>date/time field value out of range: "x"</c>.</summary>
    public static SqlStateException DatetimeOutOfRange(string text) =>
        new(DatetimeFieldOverflow, $"date/time field value out of range: \"{text}\"");

    /// <summary>22003 <c>value "x" is out of range for type integer</c> (text input of a number too large).</summary>
    public static SqlStateException TextOutOfRange(string typeName, string text) =>
        new(NumericValueOutOfRange, $"value \"{text}\" is out of range for type {typeName}");

    /// <summary>42846 <c>cannot cast type x to y</c>.</summary>
    public static SqlStateException CannotCast(string from, string to) =>
        new(CannotCoerce, $"cannot cast type {from} to {to}");
}
