using System.Collections.Frozen;
using System.Collections.Immutable;
using StreamSql.Parser;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

internal sealed partial class Binder
{
    private BoundExpression BindCall(FunctionCallExpression call, ExpressionContext context)
    {
        var name = call.Name.Name.Name;
        if (call.Over is not null)
        {
            return BindWindowFunction(call, name, context);
        }

        if (functions.Aggregates(name).Count > 0 && functions.Scalars(name).Count == 0)
        {
            return BindAggregate(call, name, context);
        }

        if (name == "pg_typeof" && call.Arguments.Length == 1 && !call.IsStar && call.OrderBy.IsEmpty && call.Filter is null)
        {
            // The argument's type is known when binding: its name, as regtype prints it (no type modifier).
            var type = Bind(call.Arguments[0], context).Type;
            var printed = type.BaseName;
            return new BoundLiteral(printed, DataType.Text);
        }

        if (call.Distinct || call.IsStar || call.Filter is not null || !call.OrderBy.IsEmpty)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, call.Span, $"DISTINCT, *, FILTER or ORDER BY in a call of the non-aggregate function {name}");
        }

        if (name is "current_database" or "current_catalog" or "current_setting" or "current_user" or "session_user" or "user" or "current_role"
            && TryBindSessionFunction(call, name, context) is { } session)
        {
            return session;
        }

        var arguments = call.Arguments.Any(a => a is NamedArgumentExpression) ? Positional(call, name) : call.Arguments;
        var args = arguments.Select(a => Bind(a, context)).ToImmutableArray();
        var spans = arguments.Select(a => a.Span).ToImmutableArray();
        switch (name)
        {
            case "pg_get_indexdef" or "pg_get_constraintdef" when args.Length > 0:
                return BindPrimaryKeyDefinition(name, args, spans, call.Span);

            case "pg_get_expr" when args.Length > 1:
                return BindStoredExpression(args, spans, call.Span);

            case "pg_get_viewdef" when args.Length > 0:
                return BindViewDefinition(args, spans, call.Span);

            case "coalesce":
                {
                    var type = CastRules.CommonType(args.Select(a => a.Type))
                        ?? throw Error(DiagnosticCodes.DatatypeMismatch, call.Span, $"COALESCE types {string.Join(" and ", args.Select(a => a.Type).Distinct())} cannot be matched");
                    return new BoundCoalesce(args.Select((a, i) => Convert(a, type, CastContext.Implicit, spans[i])).ToImmutableArray(), type);
                }

            case "nullif" when args.Length == 2:
                {
                    var equal = ResolveCall("=", [args[0], args[1]], [spans[0], spans[1]], call.Span, isOperator: true);
                    var type = args[0].Type.Kind == TypeKind.Unknown ? DataType.Text : args[0].Type;
                    return new BoundCase([new BoundWhen(equal, BoundLiteral.Null(type))], Convert(args[0], type, CastContext.Implicit, spans[0]), type);
                }

            case "array_join":
                name = "array_to_string";
                break;
        }

        return ResolveCall(name, args, spans, call.Span, isOperator: false);
    }

    /// <summary>Parameter names of the functions that take named arguments (<c>name => value</c>), as PostgreSQL names them.</summary>
    private static readonly Dictionary<string, string[]> NamedParameters = new(StringComparer.Ordinal)
    {
        ["make_interval"] = ["years", "months", "weeks", "days", "hours", "mins", "secs"],
    };

    /// <summary>
    /// A call with named arguments as a positional one: positional arguments first, then each named
    /// one in its parameter's place; a parameter left out in between takes its default, 0.
    /// </summary>
    private ImmutableArray<Expression> Positional(FunctionCallExpression call, string name)
    {
        if (!NamedParameters.TryGetValue(name, out var parameters))
        {
            var first = call.Arguments.First(a => a is NamedArgumentExpression);
            throw Error(DiagnosticCodes.FeatureNotSupported, first.Span, $"named arguments in a call of {name} (only {string.Join(", ", NamedParameters.Keys)} takes them)");
        }

        var slots = new Expression?[parameters.Length];
        int positional = 0;
        bool sawNamed = false;
        foreach (var argument in call.Arguments)
        {
            if (argument is not NamedArgumentExpression named)
            {
                if (sawNamed)
                {
                    throw Error(DiagnosticCodes.SyntaxError, argument.Span, "positional argument cannot follow named argument");
                }

                if (positional == slots.Length)
                {
                    throw Error(DiagnosticCodes.SyntaxError, argument.Span, $"{name} takes at most {slots.Length} arguments");
                }

                slots[positional++] = argument;
                continue;
            }

            sawNamed = true;

            int index = Array.IndexOf(parameters, named.Name.Name.ToLowerInvariant());
            if (index < 0)
            {
                throw Error(DiagnosticCodes.UndefinedFunction, named.Span, $"{name}({named.Name.Name} => ...)",
                    $"one of its parameters: {string.Join(", ", parameters)}");
            }

            if (slots[index] is not null)
            {
                throw Error(DiagnosticCodes.SyntaxError, named.Span, $"argument name \"{named.Name.Name}\" used more than once");
            }

            slots[index] = named.Value;
        }

        int used = Array.FindLastIndex(slots, s => s is not null) + 1;
        return [.. slots.Take(used).Select(s => s ?? new LiteralExpression(LiteralKind.Integer, "0", call.Span))];
    }

    private BoundExpression BindAggregate(FunctionCallExpression call, string name, ExpressionContext context)
    {
        if (context.Aggregates is null)
        {
            throw Error(DiagnosticCodes.AggregateNotAllowed, call.Span, context.Clause);
        }

        // Arguments of an aggregate see the same rows but may not nest aggregates or window functions.
        var inner = context with { Aggregates = null, Windows = null, Clause = "aggregate function calls" };
        var args = call.IsStar ? ImmutableArray<BoundExpression>.Empty : call.Arguments.Select(a => Bind(a, inner)).ToImmutableArray();
        var overloads = functions.Aggregates(name);
        var (signature, parameters, result) = PickOverload(name, overloads.Select(o => o.Signature).ToList(), args.Select(a => a.Type).ToImmutableArray(), call.Span, isOperator: false);
        var aggregate = overloads.First(o => o.Signature == signature);
        if (call.Distinct && !aggregate.AllowsDistinct)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, call.Span, $"DISTINCT in {name}");
        }

        var converted = args.Select((a, i) => Convert(a, parameters[i], CastContext.Implicit, call.Arguments[i].Span)).ToImmutableArray();
        var filter = call.Filter is null ? null : BindCondition(call.Filter, inner with { Clause = "FILTER" });
        var orderBy = call.OrderBy.Select(o => new BoundSortKey(
            BindResolved(o.Expression, inner),
            o.Direction == SortDirection.Descending,
            o.Nulls == NullsOrder.Default ? o.Direction == SortDirection.Descending : o.Nulls == NullsOrder.First)).ToImmutableArray();
        return context.Aggregates.Add(new AggregateCall(aggregate, converted, call.Distinct, filter, orderBy, result), call.Span);
    }

    private BoundExpression BindWindowFunction(FunctionCallExpression call, string name, ExpressionContext context)
    {
        if (context.Windows is null)
        {
            throw Error(DiagnosticCodes.WindowFunctionNotAllowed, call.Span, context.Clause);
        }

        if (name is not "row_number" || call.Arguments.Length > 0)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, call.Span, $"window function {name}() (only ROW_NUMBER() OVER (PARTITION BY ... ORDER BY ...) filtered by <= N runs incrementally)");
        }

        var over = call.Over!;
        var inner = context with { Aggregates = null, Windows = null, Clause = "window definitions" };
        var partition = over.PartitionBy.Select(p => BindResolved(p, inner)).ToImmutableArray();
        var order = over.OrderBy.Select(o => new BoundSortKey(
            BindResolved(o.Expression, inner),
            o.Direction == SortDirection.Descending,
            o.Nulls == NullsOrder.Default ? o.Direction == SortDirection.Descending : o.Nulls == NullsOrder.First)).ToImmutableArray();
        return context.Windows.Add(new WindowCall(partition, order, call.Span));
    }

    /// <summary>Resolves a function or operator call over bound arguments and converts the arguments to the chosen overload.</summary>
    /// <summary>
    /// <c>pg_get_indexdef(oid)</c> and <c>pg_get_constraintdef(oid)</c>: the definition of a table's primary key
    /// (the only index and constraint StreamSql has), looked up in the catalog as bound; NULL for other OIDs.
    /// </summary>
    private BoundExpression BindPrimaryKeyDefinition(string name, ImmutableArray<BoundExpression> args, ImmutableArray<TextSpan> spans, TextSpan span)
    {
        var (function, parameters, result) = ResolveOverload(name, args.Select(a => a.Type).ToImmutableArray(), span, isOperator: false);
        var converted = args.Select((a, i) => Convert(a, parameters[i], CastContext.Implicit, spans[i])).ToImmutableArray();
        var keyed = catalog.All<TableDefinition>().Where(t => !t.PrimaryKey.IsEmpty);
        ScalarFunction lookup;
        if (name == "pg_get_indexdef")
        {
            var tables = keyed.ToFrozenDictionary(ObjectOids.PrimaryKeyIndexOf);
            // pg_get_indexdef(oid, column, pretty): column 0 is the whole definition, k > 0 the k-th key column.
            lookup = function with
            {
                Invoke = (a, _) => a[0] is not int oid || !tables.TryGetValue(oid, out var table) ? null
                    : a.Length < 2 || a[1] is 0 ? ObjectOids.PrimaryKeyIndexDefinition(table, pretty: a.Length == 3 && a[2] is true)
                    : a[1] is int k && k > 0 && k <= table.PrimaryKey.Length ? Quoting.QuoteIdent(table.Columns[table.PrimaryKey[k - 1]].Name)
                    : "",
            };
        }
        else
        {
            var definitions = keyed.ToFrozenDictionary(ObjectOids.PrimaryKeyConstraintOf, ObjectOids.PrimaryKeyConstraintDefinition);
            var checks = catalog.All<TableDefinition>()
                .SelectMany(t => t.Checks.Select((c, k) => (Oid: ObjectOids.CheckConstraintOf(t, k), Check: c)))
                .ToFrozenDictionary(c => c.Oid, c => c.Check);
            lookup = function with
            {
                Invoke = (a, _) => a[0] is not int oid ? null
                    : definitions.TryGetValue(oid, out var text) ? text
                    : checks.TryGetValue(oid, out var check) ? check.Definition(pretty: a.Length > 1 && a[1] is true)
                    : null,
            };
        }

        return ConstantFolder.Fold(new BoundCall(lookup, converted, result));
    }

    /// <summary>
    /// pg_get_expr(text, relation [, pretty]): StreamSql's <c>pg_attrdef.adbin</c> holds a default as
    /// PostgreSQL prints it plainly, so the plain form is the text itself and the pretty form is looked
    /// up in the catalog as bound; any other text (StreamSql keeps no other expression trees) is NULL.
    /// </summary>
    private BoundExpression BindStoredExpression(ImmutableArray<BoundExpression> args, ImmutableArray<TextSpan> spans, TextSpan span)
    {
        var (function, parameters, result) = ResolveOverload("pg_get_expr", args.Select(a => a.Type).ToImmutableArray(), span, isOperator: false);
        var converted = args.Select((a, i) => Convert(a, parameters[i], CastContext.Implicit, spans[i])).ToImmutableArray();
        var pretty = catalog.All<TableDefinition>()
            .SelectMany(t => t.Columns.Where(c => c.Default is not null).Select(c => c.Default!))
            .DistinctBy(d => d.PlainText)
            .ToFrozenDictionary(d => d.PlainText, d => d.Text);
        var lookup = function with
        {
            Invoke = (a, _) => a[0] is not string text || !pretty.TryGetValue(text, out var shown) ? null
                : a.Length > 2 && a[2] is true ? shown
                : text,
        };
        return ConstantFolder.Fold(new BoundCall(lookup, converted, result));
    }

    /// <summary>
    /// pg_get_viewdef(oid [, pretty]): the query of a view or materialized view as it was written,
    /// as PostgreSQL returns it (a leading space, a closing semicolon); NULL for other objects.
    /// </summary>
    private BoundExpression BindViewDefinition(ImmutableArray<BoundExpression> args, ImmutableArray<TextSpan> spans, TextSpan span)
    {
        var (function, parameters, result) = ResolveOverload("pg_get_viewdef", args.Select(a => a.Type).ToImmutableArray(), span, isOperator: false);
        var converted = args.Select((a, i) => Convert(a, parameters[i], CastContext.Implicit, spans[i])).ToImmutableArray();
        var definitions = catalog.All<CatalogObject>()
            .Where(o => o is ViewDefinition or MaterializedViewDefinition)
            .Select(o => (Oid: ObjectOids.Of(o), Query: QueryText(o.Definition)))
            .Where(d => d.Query is not null)
            .ToFrozenDictionary(d => d.Oid, d => " " + d.Query + ";");
        var lookup = function with { Invoke = (a, _) => a[0] is int oid && definitions.TryGetValue(oid, out var text) ? text : null };
        return ConstantFolder.Fold(new BoundCall(lookup, converted, result));
    }

    /// <summary>The query of a CREATE [MATERIALIZED] VIEW statement's text, without the trailing clauses a view's query does not hold.</summary>
    private static string? QueryText(string createStatement)
    {
        var parsed = SqlParser.Parse(createStatement);
        var query = parsed.Statements.FirstOrDefault() switch
        {
            CreateViewStatement v => v.Query,
            CreateMaterializedViewStatement m => m.Query,
            _ => null,
        };
        return query is null ? null : createStatement[query.Span.Start..query.Span.End].Trim();
    }

    private BoundExpression ResolveCall(string name, ImmutableArray<BoundExpression> args, ImmutableArray<TextSpan> spans, TextSpan span, bool isOperator)
    {
        var (function, parameters, result) = ResolveOverload(name, args.Select(a => a.Type).ToImmutableArray(), span, isOperator);
        var converted = function.Signature.AnyArguments
            ? args.Select(TypeOutput).ToImmutableArray()
            : args.Select((a, i) => Convert(a, parameters[i], CastContext.Implicit, i < spans.Length ? spans[i] : span)).ToImmutableArray();
        return ConstantFolder.Fold(new BoundCall(function, converted, result));
    }

    /// <summary>
    /// An <c>"any"</c> argument as text through the type's output function, as PostgreSQL passes it
    /// (<see cref="ValueFormatter.Format"/>: <c>true</c> is <c>t</c>, where a cast to text gives <c>true</c>).
    /// </summary>
    private static BoundExpression TypeOutput(BoundExpression argument)
    {
        var type = argument.Type;
        if (type.Kind is TypeKind.Text)
        {
            return argument;
        }

        if (type.Kind is TypeKind.Unknown)
        {
            return argument is BoundLiteral literal ? new BoundLiteral(literal.Value, DataType.Text) : new BoundCast(argument, DataType.Text);
        }

        var output = new ScalarFunction(
            new FunctionSignature(type + "out", [type], DataType.Text),
            (values, _) => ValueFormatter.Format(values[0], type));
        return ConstantFolder.Fold(new BoundCall(output, [argument], DataType.Text));
    }

    private (ScalarFunction Function, ImmutableArray<DataType> Parameters, DataType Result) ResolveOverload(string name, ImmutableArray<DataType> types, TextSpan span, bool isOperator)
    {
        var overloads = functions.Scalars(name);
        if (overloads.Count == 0 && functions.Aggregates(name).Count > 0)
        {
            throw Error(DiagnosticCodes.AggregateNotAllowed, span, "this position");
        }

        var (signature, parameters, result) = PickOverload(name, overloads.Select(o => o.Signature).ToList(), types, span, isOperator);
        return (overloads.First(o => o.Signature == signature), parameters, result);
    }

    /// <summary>
    /// PostgreSQL's overload resolution, simplified: among overloads whose parameters accept the
    /// argument types (exactly, by implicit cast, or an unknown literal), prefer the most exact
    /// matches, then (for an operator with one unknown side) the overload whose type matches the
    /// other side, then preferred types (text for unknowns, double precision among numbers).
    /// Polymorphic slots bind to the common type of their arguments.
    /// </summary>
    private (FunctionSignature Signature, ImmutableArray<DataType> Parameters, DataType Result) PickOverload(
        string name, IReadOnlyList<FunctionSignature> overloads, ImmutableArray<DataType> types, TextSpan span, bool isOperator)
    {
        FunctionSignature? best = null;
        ImmutableArray<DataType> bestParameters = default;
        DataType? bestResult = null;
        var bestScore = int.MinValue;
        var tie = false;
        var known = types.Where(t => t.Kind != TypeKind.Unknown).ToList();
        foreach (var overload in overloads)
        {
            if (!Expand(overload, types.Length, out var parameters))
            {
                continue;
            }

            if (!BindPolymorphic(parameters, types, overload.ReturnType, out parameters, out var result))
            {
                continue;
            }

            var score = 0;
            var ok = true;
            for (var i = 0; i < types.Length && ok; i++)
            {
                var argument = types[i];
                var parameter = parameters[i];
                if (argument.Kind == TypeKind.Unknown)
                {
                    // An unknown literal beside a known type is assumed to be of that type.
                    score += known.Count > 0 && known.Any(k => k.Kind == parameter.Kind) ? 40 : parameter.Kind == TypeKind.Text ? 20 : 0;
                }
                else if (argument.Kind == parameter.Kind && (argument.Kind != TypeKind.Array || argument == parameter))
                {
                    score += 100;
                }
                else if (overload.AnyArguments)
                {
                    score += 1;
                }
                else if (CastRules.CanImplicitlyCast(argument, parameter))
                {
                    score += parameter.Kind == TypeKind.Float64 || parameter.Kind == TypeKind.TimestampTz || parameter.Kind == TypeKind.Text ? 2 : 1;
                }
                else
                {
                    ok = false;
                }
            }

            if (!ok)
            {
                continue;
            }

            if (score > bestScore)
            {
                (best, bestParameters, bestResult, bestScore, tie) = (overload, parameters, result, score, false);
            }
            else if (score == bestScore)
            {
                tie = true;
            }
        }

        if (best is null)
        {
            var shown = $"{name}({string.Join(", ", types)})";
            var sameName = overloads.Count > 0;
            var hint = sameName
                ? $"no overload matches the argument types; candidates: {string.Join("; ", overloads.Take(6).Select(o => $"{o.Name}({string.Join(", ", o.Parameters)})"))}. Add explicit casts"
                : Suggest(name, functions.Names) is { } suggestion ? $"did you mean {suggestion}?" : null;
            throw Error(DiagnosticCodes.UndefinedFunction, span, isOperator ? $"operator {shown}" : shown, "").WithHint(hint);
        }

        _ = tie;
        return (best, bestParameters, bestResult!);
    }

    private static bool Expand(FunctionSignature signature, int count, out ImmutableArray<DataType> parameters)
    {
        parameters = signature.Parameters;
        if (!signature.Variadic)
        {
            return count == signature.Parameters.Length;
        }

        var fixedCount = signature.Parameters.Length - 1;
        if (count < fixedCount)
        {
            return false;
        }

        var builder = ImmutableArray.CreateBuilder<DataType>(count);
        builder.AddRange(signature.Parameters.Take(fixedCount));
        for (var i = fixedCount; i < count; i++)
        {
            builder.Add(signature.Parameters[^1]);
        }

        parameters = builder.MoveToImmutable();
        return true;
    }

    private static bool IsPolymorphic(DataType type) =>
        type.Kind == TypeKind.Unknown || (type.Kind == TypeKind.Array && type.Element?.Kind == TypeKind.Unknown);

    private static bool BindPolymorphic(ImmutableArray<DataType> parameters, ImmutableArray<DataType> types, DataType returnType, out ImmutableArray<DataType> bound, out DataType result)
    {
        bound = parameters;
        result = returnType;
        if (!parameters.Any(IsPolymorphic) && !IsPolymorphic(returnType))
        {
            return true;
        }

        var elements = new List<DataType>();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].Kind == TypeKind.Unknown)
            {
                elements.Add(types[i]);
            }
            else if (IsPolymorphic(parameters[i]))
            {
                if (types[i].Kind == TypeKind.Array)
                {
                    elements.Add(types[i].Element ?? DataType.Unknown);
                }
                else if (types[i].Kind != TypeKind.Unknown)
                {
                    return false;
                }
            }
        }

        var element = elements.Count == 0 ? DataType.Text : CastRules.CommonType(elements);
        if (element is null)
        {
            return false;
        }

        bound = parameters.Select(p => p.Kind == TypeKind.Unknown ? element : IsPolymorphic(p) ? DataType.ArrayOf(element) : p).ToImmutableArray();
        result = returnType.Kind == TypeKind.Unknown ? element : IsPolymorphic(returnType) ? DataType.ArrayOf(element) : returnType;
        return true;
    }
}
