using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Tests;

public class DiagnosticCodesTests
{
    [Fact]
    public void Codes_are_unique_and_follow_the_scheme()
    {
        var codes = DiagnosticCodes.All.Select(d => d.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(DiagnosticCodes.All, d =>
        {
            Assert.Matches("^SS[123][0-9]{3}$", d.Code);
            Assert.Matches("^[0-9A-Z]{5}$", d.SqlState);
            Assert.Equal(d.Code[2] == '3' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, d.Severity);
        });
    }

    [Fact]
    public void All_lists_every_descriptor_field()
    {
        var fields = typeof(DiagnosticCodes).GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToHashSet();
        Assert.Equal(fields.Count, DiagnosticCodes.All.Length);
        Assert.True(fields.SetEquals(DiagnosticCodes.All));
    }

    [Theory]
    [InlineData(nameof(DiagnosticCodes.SyntaxError), "42601")]
    [InlineData(nameof(DiagnosticCodes.UndefinedTable), "42P01")]
    [InlineData(nameof(DiagnosticCodes.UndefinedColumn), "42703")]
    [InlineData(nameof(DiagnosticCodes.AmbiguousColumn), "42702")]
    [InlineData(nameof(DiagnosticCodes.UndefinedFunction), "42883")]
    [InlineData(nameof(DiagnosticCodes.DatatypeMismatch), "42804")]
    [InlineData(nameof(DiagnosticCodes.CannotCast), "42846")]
    [InlineData(nameof(DiagnosticCodes.GroupingError), "42803")]
    [InlineData(nameof(DiagnosticCodes.DuplicateObject), "42P07")]
    [InlineData(nameof(DiagnosticCodes.UndefinedObject), "42704")]
    [InlineData(nameof(DiagnosticCodes.UnknownOption), "22023")]
    [InlineData(nameof(DiagnosticCodes.MissingOption), "22023")]
    [InlineData(nameof(DiagnosticCodes.InvalidParameterValue), "22023")]
    [InlineData(nameof(DiagnosticCodes.WindowTimeColumnNotTimestamp), "42804")]
    [InlineData(nameof(DiagnosticCodes.WindowSizeNotPositive), "22023")]
    [InlineData(nameof(DiagnosticCodes.EmitOnWindowCloseWithoutWatermark), "42P17")]
    [InlineData(nameof(DiagnosticCodes.EmitOnWindowCloseWithoutWindow), "42P17")]
    [InlineData(nameof(DiagnosticCodes.ViewColumnsChanged), "42P16")]
    [InlineData(nameof(DiagnosticCodes.SelectFromSource), "0A000")]
    [InlineData(nameof(DiagnosticCodes.FeatureNotSupported), "0A000")]
    [InlineData(nameof(DiagnosticCodes.DependentObjectsExist), "2BP01")]
    [InlineData(nameof(DiagnosticCodes.UnboundedState), "01000")]
    [InlineData(nameof(DiagnosticCodes.WindowNeverCloses), "01000")]
    public void Sqlstates_match_postgresql(string name, string sqlState)
    {
        var descriptor = (DiagnosticDescriptor)typeof(DiagnosticCodes).GetField(name)!.GetValue(null)!;
        Assert.Equal(sqlState, descriptor.SqlState);
    }

    [Fact]
    public void Create_fills_message_and_hint_from_the_templates()
    {
        var d = Diagnostic.Create(DiagnosticCodes.UndefinedFunction, new TextSpan(3, 4), "lenght(text)", "length(text)");
        Assert.Equal("function lenght(text) does not exist", d.Message);
        Assert.Equal("did you mean length(text)?", d.Hint);
        Assert.Null(d.WithHint(null).Hint);
        Assert.Equal("SS2004", d.Code);

        var select = Diagnostic.Create(DiagnosticCodes.SelectFromSource, default, "clicks");
        Assert.Contains("CREATE MATERIALIZED VIEW", select.Hint);
        Assert.Contains("SUBSCRIBE", select.Hint);
    }
}
