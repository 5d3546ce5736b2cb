using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using StreamSql.Server.Pg;

namespace StreamSql.Server.Live;

/// <summary>
/// The same users and passwords as the Postgres port, for <c>/api</c>, <c>/hubs</c> and <c>/metrics</c>
/// when the server has any: <c>Authorization: Basic</c>, or <c>Authorization: Bearer</c> with a token from
/// <c>POST /api/token</c> (browsers' WebSocket and SSE transports send it as <c>?access_token=</c>).
/// With no users (loopback only, as for the Postgres port) everything is open. Tokens live in memory.
/// </summary>
internal sealed class LiveAuthentication(PgOptions pg)
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public bool Enabled => pg.Users.Count > 0;

    public static bool IsProtected(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/metrics");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!Enabled || !IsProtected(context.Request.Path))
        {
            await next(context);
            return;
        }

        var user = Authenticate(context.Request);
        if (user is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"streamsql\", charset=\"UTF-8\"";
            await context.Response.WriteAsJsonAsync(new SqlApiResponse([], new SqlApiError("28000",
                "authentication required: send Authorization: Basic (a user of this server) or Bearer (a token from POST /api/token)",
                null, null, null, null, null, null)));
            return;
        }

        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], "streamsql"));
        await next(context);
    }

    /// <summary>Issues a bearer token for the user of a request that already authenticated.</summary>
    public string IssueToken(string user)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        _tokens[token] = user;
        return token;
    }

    private string? Authenticate(HttpRequest request)
    {
        string header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return CheckBasic(header[6..].Trim());
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return _tokens.GetValueOrDefault(header[7..].Trim());
        if (request.Query.TryGetValue("access_token", out var token) && token.Count == 1)
            return _tokens.GetValueOrDefault(token[0] ?? "");
        return null;
    }

    private string? CheckBasic(string encoded)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            return null;
        var name = decoded[..colon];
        if (!pg.Users.TryGetValue(name, out var password))
            return null;
        var given = Encoding.UTF8.GetBytes(decoded[(colon + 1)..]);
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(password)) ? name : null;
    }
}
