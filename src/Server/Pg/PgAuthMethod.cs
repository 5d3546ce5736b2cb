namespace StreamSql.Server.Pg;

/// <summary>How clients prove who they are (PostgreSQL's pg_hba methods of the same names).</summary>
public enum PgAuthMethod
{
    /// <summary>No password: only allowed while the server listens on loopback and no users are configured.</summary>
    Trust,
    /// <summary>The password in clear text (only sensible over TLS).</summary>
    Password,
    /// <summary>md5(md5(password + user) + salt).</summary>
    Md5,
    /// <summary>SCRAM-SHA-256 (RFC 5802 / RFC 7677), the default when users are configured.</summary>
    ScramSha256,
}
