using System.Net;
using System.Net.Sockets;

namespace StreamSql.Kafka.Tests;

/// <summary>Listens on a loopback port and pipes every connection to <c>host:port</c> (a broker appearing late).</summary>
public sealed class TcpForwarder : IDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();

    public TcpForwarder(int port, string target)
    {
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var colon = target.LastIndexOf(':');
        var host = target[..colon];
        var targetPort = int.Parse(target[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    using var c = client;
                    using var upstream = new TcpClient();
                    try
                    {
                        await upstream.ConnectAsync(host, targetPort, stop.Token);
                        var a = c.GetStream().CopyToAsync(upstream.GetStream(), stop.Token);
                        var b = upstream.GetStream().CopyToAsync(c.GetStream(), stop.Token);
                        await Task.WhenAny(a, b);
                    }
                    catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
                    {
                    }
                });
            }
        });
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        stop.Dispose();
    }
}
