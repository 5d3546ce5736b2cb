using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;

namespace StreamSql.Parser.Formatting;

/// <summary>
/// Prints a syntax tree as indented text, one node or property per line, for golden files and
/// debugging. Properties are the record's constructor parameters in declaration order; null,
/// false and empty values are left out. With a <see cref="SourceText"/>, every node shows its span as
/// <c>@line:col-line:col</c> (end exclusive); without one the dump is span-free, which is what the
/// round-trip tests compare.
/// </summary>
public sealed class SyntaxTreePrinter
{
    private readonly SourceText? _source;
    private readonly Dictionary<Type, PropertyInfo[]> _properties = [];
    private readonly StringBuilder _output = new();

    private SyntaxTreePrinter(SourceText? source) => _source = source;

    /// <summary>Prints <paramref name="node"/>; spans are shown only when <paramref name="source"/> is given.</summary>
    public static string Print(SyntaxNode node, SourceText? source = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var printer = new SyntaxTreePrinter(source);
        printer.WriteNode(node, 0, prefix: "");
        return printer._output.ToString();
    }

    private void WriteNode(SyntaxNode node, int indent, string prefix)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        Indent(indent).Append(prefix);
        switch (node)
        {
            case Identifier id:
                _output.Append("Identifier ").Append(Name(id)).Append(SpanText(id.Span)).Append('\n');
                return;
            case QualifiedName name:
                _output.Append("QualifiedName ").Append(string.Join(".", name.Parts.Select(Name))).Append(SpanText(name.Span)).Append('\n');
                return;
        }
        _output.Append(node.GetType().Name).Append(SpanText(node.Span)).Append('\n');
        foreach (var property in Properties(node.GetType()))
            WriteProperty(property.Name, property.GetValue(node), indent + 1);
    }

    private void WriteProperty(string name, object? value, int indent)
    {
        switch (value)
        {
            case null:
            case false:
                return;
            case true:
                Indent(indent).Append(name).Append(": true\n");
                return;
            case SyntaxNode node:
                WriteNode(node, indent, name + ": ");
                return;
            case string text:
                Indent(indent).Append(name).Append(": ").Append(Quote(text)).Append('\n');
                return;
            case IEnumerable sequence when value.GetType().IsGenericType && value.GetType().GetGenericTypeDefinition() == typeof(ImmutableArray<>):
                var items = sequence.Cast<object?>().ToList();
                if (items.Count == 0)
                    return;
                Indent(indent).Append(name).Append(":\n");
                for (int i = 0; i < items.Count; i++)
                    WriteItem(items[i], indent + 1);
                return;
            case IFormattable formattable:
                Indent(indent).Append(name).Append(": ").Append(formattable.ToString(null, CultureInfo.InvariantCulture)).Append('\n');
                return;
            default:
                Indent(indent).Append(name).Append(": ").Append(value).Append('\n');
                return;
        }
    }

    private void WriteItem(object? item, int indent)
    {
        switch (item)
        {
            case SyntaxNode node:
                WriteNode(node, indent, "- ");
                return;
            case string text:
                Indent(indent).Append("- ").Append(Quote(text)).Append('\n');
                return;
            case IEnumerable inner when item.GetType().IsGenericType && item.GetType().GetGenericTypeDefinition() == typeof(ImmutableArray<>):
                Indent(indent).Append("- Row\n");
                foreach (var element in inner)
                    WriteItem(element, indent + 1);
                return;
            default:
                Indent(indent).Append("- ").Append(item).Append('\n');
                return;
        }
    }

    private PropertyInfo[] Properties(Type type)
    {
        if (_properties.TryGetValue(type, out var cached))
            return cached;
        // The positional record parameters, minus Span (printed in the node's header).
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var properties = constructor.GetParameters()
            .Where(p => p.Name != nameof(SyntaxNode.Span))
            .Select(p => type.GetProperty(p.Name!)!)
            .ToArray();
        _properties[type] = properties;
        return properties;
    }

    private string SpanText(TextSpan span)
    {
        if (_source is null)
            return "";
        var start = _source.GetLinePosition(span.Start);
        var end = _source.GetLinePosition(span.End);
        return $" @{start.Line}:{start.Column}-{end.Line}:{end.Column}";
    }

    private static string Name(Identifier id) => id.IsQuoted ? "\"" + id.Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : id.Name;

    private static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < ' ': builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }
        return builder.Append('"').ToString();
    }

    private StringBuilder Indent(int indent) => _output.Append(' ', indent * 2);
}
