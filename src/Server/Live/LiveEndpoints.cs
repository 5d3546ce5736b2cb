using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Live;

/// <summary>
/// The live front end on the HTTP port: the SignalR hub <c>/hubs/stream</c>, the JSON API under
/// <c>/api</c>, Prometheus <c>/metrics</c> and the web console at <c>/</c>. Wire it into a host with
/// <c>ServerHost.StartAsync(options, engine, b =&gt; LiveEndpoints.Configure(b, engine), LiveEndpoints.Map)</c>.
/// </summary>
public static class LiveEndpoints
{
    /// <summary>The configuration key (an environment variable works) of the comma-separated CORS origins.</summary>
    public const string CorsOriginsKey = "STREAMSQL_CORS_ORIGINS";

    private const string CorsPolicy = "streamsql-live";

    /// <summary>
    /// Adds the services: SignalR (JSON and MessagePack), the shared feeds, metrics sampling,
    /// authentication with the server's users, CORS. Without <paramref name="options"/>, retention is
    /// the engine's <c>SubscriptionRetention</c> and CORS origins come from <see cref="CorsOriginsKey"/>.
    /// </summary>
    public static void Configure(WebApplicationBuilder builder, QueryEngine engine, LiveOptions? options = null)
    {
        options ??= new LiveOptions
        {
            Retention = engine.Options.SubscriptionRetention,
            CorsOrigins = (builder.Configuration[CorsOriginsKey] ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<LiveFeeds>();
        builder.Services.AddSingleton<LiveMetrics>();
        builder.Services.AddHostedService(s => s.GetRequiredService<LiveMetrics>());
        builder.Services.AddSingleton<LiveAuthentication>();
        builder.Services.AddSignalR(o => o.MaximumParallelInvocationsPerClient = 4)
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new ResultFrameJsonConverter()))
            .AddMessagePackProtocol();
        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
        {
            if (options.CorsOrigins.Count > 0)
                policy.WithOrigins([.. options.CorsOrigins]).AllowAnyHeader().AllowAnyMethod().AllowCredentials();
        }));
    }

    /// <summary>Maps the endpoints and the console; call after <see cref="Configure"/>.</summary>
    public static void Map(WebApplication app)
    {
        var auth = app.Services.GetRequiredService<LiveAuthentication>();
        app.UseCors(CorsPolicy);
        app.Use((context, next) => auth.InvokeAsync(context, next));

        var wwwroot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(wwwroot))
        {
            var files = new PhysicalFileProvider(wwwroot);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }

        app.MapHub<StreamHub>("/hubs/stream", o => o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling);
        app.MapPost("/api/sql", (HttpContext context, QueryEngine engine, LiveOptions options) => SqlApi.HandleAsync(context, engine, options));
        app.MapGet("/api/catalog", (QueryEngine engine) => Results.Json(CatalogApi.Describe(engine.Catalog)));
        app.MapGet("/api/metrics", (LiveMetrics metrics) => Results.Json(metrics.Current));
        app.MapGet("/metrics", (LiveMetrics metrics) => Results.Text(PrometheusText.Write(metrics.Current), PrometheusText.ContentType));
        app.MapPost("/api/token", (HttpContext context) => Results.Json(new { token = auth.IssueToken(context.User.Identity?.Name ?? "streamsql") }));
    }
}
