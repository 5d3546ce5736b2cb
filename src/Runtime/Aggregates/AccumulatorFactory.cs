using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Aggregates;

/// <summary>Chooses the accumulator for an <see cref="AggregateCall"/> by function name and argument type.</summary>
public static class AccumulatorFactory
{
    /// <param name="appendOnlyInput">The input never retracts: min and max keep only the best value.</param>
    public static IAccumulator Create(AggregateCall call, bool appendOnlyInput = false)
    {
        var name = call.Function.ToLowerInvariant();
        var argType = call.Arguments.Length > 0 ? call.Arguments[0].Type : DataType.Unknown;
        IAccumulator acc = name switch
        {
            "count" => new CountAccumulator(star: call.Arguments.Length == 0),
            "sum" => new SumAccumulator(argType, call.ResultType, average: false),
            "avg" => new SumAccumulator(argType, call.ResultType, average: true),
            "min" or "max" when appendOnlyInput => new ExtremumAccumulator(max: name == "max", call.ResultType),
            "min" or "max" => new MultisetAccumulator(name, call.ResultType),
            "approx_count_distinct" => new MultisetAccumulator(name, call.ResultType),
            "bool_and" or "every" => new BoolAccumulator(isAnd: true),
            "bool_or" => new BoolAccumulator(isAnd: false),
            "string_agg" or "array_agg" or "first_value" or "last_value" =>
                new OrderedListAccumulator(name, call.Arguments.Length, call.OrderKeys),
            "stddev_samp" or "stddev" => new VarianceAccumulator(true, call.ResultType),
            "var_samp" or "variance" => new VarianceAccumulator(false, call.ResultType),
            _ => throw new SqlStateException(SqlStateException.UndefinedFunction, $"aggregate function {call.Function} is not supported by the runtime"),
        };
        // DISTINCT does not change min, max or approx_count_distinct; for the rest it filters duplicates.
        bool distinctMatters = name is not ("min" or "max" or "approx_count_distinct" or "bool_and" or "bool_or" or "every");
        return call.Distinct && distinctMatters ? new DistinctAccumulator(acc) : acc;
    }
}
