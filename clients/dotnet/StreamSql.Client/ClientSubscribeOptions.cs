namespace StreamSql.Client;

/// <summary>How a subscription starts, as the server's <c>Subscribe</c> takes it.</summary>
public sealed record ClientSubscribeOptions
{
    /// <summary>Send the view's current contents first, as +1 changes (default true).</summary>
    public bool Snapshot { get; init; } = true;

    /// <summary>Also deliver heartbeat frames when an epoch passes without change.</summary>
    public bool Progress { get; init; }

    /// <summary>Resume after this epoch instead of starting from a snapshot.</summary>
    public long? Since { get; init; }
}
