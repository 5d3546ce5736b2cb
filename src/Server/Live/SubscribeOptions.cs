namespace StreamSql.Server.Live;

/// <summary>The options of the hub's <c>Subscribe</c>, as a client sends them (all optional).</summary>
public sealed class SubscribeOptions
{
    /// <summary>Send the current contents first (default true); ignored when <see cref="Since"/> is set.</summary>
    public bool? Snapshot { get; set; }

    /// <summary>Send heartbeat frames (<c>progress: true</c>, no changes) when an epoch passes without change.</summary>
    public bool? Progress { get; set; }

    /// <summary>Resume after this epoch: every retained epoch after it is replayed, then live changes follow.</summary>
    public long? Since { get; set; }
}
