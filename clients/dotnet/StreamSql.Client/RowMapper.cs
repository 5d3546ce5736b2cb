using System.Reflection;
using System.Text.Json;

namespace StreamSql.Client;

/// <summary>
/// Turns a row of JSON values into a <typeparamref name="T"/>: a record's constructor parameters or
/// settable properties are matched to columns by name, ignoring case and underscores
/// (<c>window_start</c> fills <c>WindowStart</c>); values convert with System.Text.Json (timestamps
/// to <see cref="DateTime"/>, numbers to any numeric type, arrays to arrays or lists).
/// <c>JsonElement[]</c> and <c>object?[]</c> rows are returned as they are; a scalar <typeparamref name="T"/>
/// (number, string, bool, date and time, array) is the value of the only column.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class RowMapper<T>
{
    private readonly Func<JsonElement[], T> _map;

    /// <summary>A mapper for rows with these columns.</summary>
    /// <exception cref="ArgumentException">A constructor parameter of <typeparamref name="T"/> has no column.</exception>
    public RowMapper(IReadOnlyList<string> columns)
    {
        _map = Build(columns);
    }

    /// <summary>Maps one row.</summary>
    public T Map(JsonElement[] row) => _map(row);

    private static string Key(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private static Func<JsonElement[], T> Build(IReadOnlyList<string> columns)
    {
        if (typeof(T) == typeof(JsonElement[]))
            return row => (T)(object)row;
        if (typeof(T) == typeof(object[]))
            return row => (T)(object)row.Select(v => (object?)v).ToArray();

        if (IsScalar(typeof(T)))
        {
            if (columns.Count != 1)
                throw new ArgumentException($"{typeof(T).Name} holds one column, but the rows have {columns.Count}: {string.Join(", ", columns)}");
            return row => (T)Convert(row[0], typeof(T))!;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
            index.TryAdd(Key(columns[i]), i);

        var constructor = typeof(T).GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        var parameters = constructor?.GetParameters() ?? [];
        var arguments = new (int Column, Type Type)[parameters.Length];
        for (var p = 0; p < parameters.Length; p++)
        {
            if (!index.TryGetValue(Key(parameters[p].Name ?? ""), out var column))
                throw new ArgumentException($"{typeof(T).Name}: constructor parameter '{parameters[p].Name}' has no column; the columns are {string.Join(", ", columns)}");
            arguments[p] = (column, parameters[p].ParameterType);
        }

        var bound = new HashSet<string>(parameters.Select(p => Key(p.Name ?? "")), StringComparer.Ordinal);
        var setters = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && !bound.Contains(Key(p.Name)) && index.ContainsKey(Key(p.Name)))
            .Select(p => (Property: p, Column: index[Key(p.Name)]))
            .ToArray();

        return row =>
        {
            var values = new object?[arguments.Length];
            for (var a = 0; a < arguments.Length; a++)
                values[a] = Convert(row[arguments[a].Column], arguments[a].Type);
            var result = constructor is null ? Activator.CreateInstance<T>() : (T)constructor.Invoke(values);
            foreach (var (property, column) in setters)
                property.SetValue(result, Convert(row[column], property.PropertyType));
            return result;
        };
    }

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsArray || type == typeof(string) || type == typeof(decimal)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(JsonElement);
    }

    private static object? Convert(JsonElement value, Type type) =>
        type == typeof(JsonElement) ? value : value.Deserialize(type);
}
