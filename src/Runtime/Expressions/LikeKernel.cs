using System.Text;
using System.Text.RegularExpressions;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// [NOT] [I]LIKE with a constant pattern, compiled once into a regular expression
/// (<c>%</c> any run, <c>_</c> one character, backslash escapes the next character).
/// </summary>
internal sealed class LikeKernel : CompiledExpression
{
    private readonly CompiledExpression operand;
    private readonly Regex regex;
    private readonly bool negated;

    public LikeKernel(CompiledExpression operand, string pattern, bool ignoreCase, bool negated)
        : base(DataType.Boolean)
    {
        this.operand = operand;
        this.negated = negated;
        regex = new Regex(ToRegex(pattern),
            RegexOptions.Singleline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
    }

    public override EvalResult Evaluate(Batch batch)
    {
        var v = operand.Evaluate(batch);
        try
        {
            var result = (Column<bool>)NewResult(batch);
            var texts = ((Column<string?>)v.Column).Values;
            for (int i = 0; i < batch.RowCount; i++)
            {
                int r = batch.RowIndex(i);
                if (v.IsNull(r))
                    result.SetNull(r, true);
                else
                    result.Values[r] = regex.IsMatch(texts[v.At(r)]!) != negated;
            }
            return new EvalResult(result, false, true);
        }
        finally
        {
            v.Release();
        }
    }

    internal static string ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
                sb.Append(Regex.Escape(pattern[++i].ToString()));
            else if (c == '%')
                sb.Append(".*");
            else if (c == '_')
                sb.Append('.');
            else
                sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.Append('$').ToString();
    }
}
