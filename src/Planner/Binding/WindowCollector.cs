namespace StreamSql.Planner.Binding;

/// <summary>The window function calls of one SELECT list.</summary>
internal sealed class WindowCollector
{
    public List<WindowCall> Calls { get; } = [];

    public BoundWindowRef Add(WindowCall call)
    {
        Calls.Add(call);
        return new BoundWindowRef(Calls.Count - 1, Runtime.Types.DataType.Int64);
    }
}
