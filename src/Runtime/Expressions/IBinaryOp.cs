namespace StreamSql.Runtime.Expressions;

/// <summary>A typed binary operation; struct implementations let the JIT specialise kernel loops.</summary>
internal interface IBinaryOp<T, TResult>
{
    static abstract TResult Apply(T a, T b);
}
