using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using StreamSql.Server.Engine;
using StreamSql.Server.Pg.Messages;

namespace StreamSql.Server.Pg;

internal sealed partial class PgConnection
{
    private const string ScramMechanism = "SCRAM-SHA-256";

    /// <summary>
    /// Startup: SSLRequest / GSSENCRequest (answered with one byte), CancelRequest (acted on, then
    /// the connection closes), StartupMessage, authentication, session, then ParameterStatus,
    /// BackendKeyData and ReadyForQuery. Everything before ReadyForQuery must finish within the
    /// startup timeout. Returns false when the connection should close without a message loop.
    /// </summary>
    private async Task<bool> StartupAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        timeout.CancelAfter(_options.StartupTimeout);
        try
        {
            return await StartupCoreAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_shuttingDown)
        {
            PgLog.StartupFailed(_logger, _id, "startup timeout");
            return false;
        }
    }

    private async Task<bool> StartupCoreAsync(CancellationToken cancellationToken)
    {
        var tls = false;
        StartupPacket packet;
        while (true)
        {
            var next = await ReadStartupPacketAsync(cancellationToken).ConfigureAwait(false);
            if (next is null)
                return false;
            packet = next;
            switch (packet.Kind)
            {
                case StartupPacketKind.SslRequest:
                    if (tls)
                        throw new PgProtocolException("08P01", "SSLRequest received on an encrypted connection");
                    if (_options.Certificate is null)
                    {
                        await WriteRawByteAsync((byte)'N').ConfigureAwait(false);
                        continue;
                    }
                    await WriteRawByteAsync((byte)'S').ConfigureAwait(false);
                    if (!await StartTlsAsync(cancellationToken).ConfigureAwait(false))
                        return false;
                    tls = true;
                    continue;
                case StartupPacketKind.GssEncRequest:
                    await WriteRawByteAsync((byte)'N').ConfigureAwait(false);
                    continue;
                case StartupPacketKind.CancelRequest:
                    var cancelled = _registry.TryCancel(packet.ProcessId, packet.SecretKey);
                    PgLog.CancelRequest(_logger, packet.ProcessId, cancelled ? "cancelled" : "no such connection or wrong key");
                    return false;
            }
            break;
        }

        if (packet.MajorVersion != 3)
        {
            throw new PgProtocolException("0A000",
                $"unsupported frontend protocol {packet.MajorVersion}.{packet.MinorVersion}: server supports 3.0 to 3.0");
        }
        var protocolOptions = packet.Parameters.Keys.Where(k => k.StartsWith("_pq_.", StringComparison.Ordinal)).ToList();
        if (packet.MinorVersion > 0 || protocolOptions.Count > 0)
            NegotiateProtocolVersionMessage.Write(_output, 0, protocolOptions);

        if (!packet.Parameters.TryGetValue("user", out var user) || user.Length == 0)
            throw new PgProtocolException("28000", "no PostgreSQL user name specified in startup packet");
        var database = packet.Parameters.GetValueOrDefault("database") is { Length: > 0 } db ? db : user;

        if (!await AuthenticateAsync(user, cancellationToken).ConfigureAwait(false))
            return false;

        var parameters = packet.Parameters.Where(p => !p.Key.StartsWith("_pq_.", StringComparison.Ordinal) && p.Key is not ("user" or "database"))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        try
        {
            _session = await _sessions.OpenSessionAsync(new Engine.SessionOptions(user, database, parameters) { ReadsCopyData = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e)
        {
            throw new PgProtocolException(e.Error.SqlState, e.Error.Message);
        }

        AuthenticationMessage.Write(_output, AuthenticationMessage.Ok);
        foreach (var (name, value) in InitialParameters(user, parameters))
        {
            ParameterStatusMessage.Write(_output, name, value);
            _reportedParameters[name] = value;
            if (name == "TimeZone")
                _timeZone = ResolveTimeZone(value);
        }
        (_processId, var secret) = _registry.Register(this);
        BackendKeyDataMessage.Write(_output, _processId, secret);
        ReadyForQueryMessage.Write(_output, _transactionStatus);
        await _output.FlushAsync().ConfigureAwait(false);
        PgLog.SessionStarted(_logger, _id, _context.RemoteEndPoint?.ToString(), user, database, parameters.GetValueOrDefault("application_name"));
        return true;
    }

    /// <summary>What PostgreSQL reports at startup; the session's own values win (it owns SET).</summary>
    private IEnumerable<KeyValuePair<string, string>> InitialParameters(string user, Dictionary<string, string> startup)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["application_name"] = startup.GetValueOrDefault("application_name") ?? "",
            ["client_encoding"] = "UTF8",
            ["DateStyle"] = "ISO, MDY",
            ["default_transaction_read_only"] = "off",
            ["in_hot_standby"] = "off",
            ["integer_datetimes"] = "on",
            ["IntervalStyle"] = "postgres",
            ["is_superuser"] = "on",
            ["server_encoding"] = "UTF8",
            ["server_version"] = _options.ServerVersion,
            ["session_authorization"] = user,
            ["standard_conforming_strings"] = "on",
            ["TimeZone"] = "UTC",
        };
        foreach (var (name, value) in _session!.ReportedParameters)
            values[name] = value;
        return values;
    }

    /// <summary>
    /// Reads one startup packet: Int32 length (including itself), then the body. A length outside
    /// [8, limit] is not a Postgres client (an HTTP request, random bytes): the connection closes
    /// without a reply. Returns null when the connection should close.
    /// </summary>
    private async Task<StartupPacket?> ReadStartupPacketAsync(CancellationToken cancellationToken)
    {
        var header = new byte[4];
        while (true)
        {
            var read = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (buffer.Length >= 4)
            {
                buffer.Slice(0, 4).CopyTo(header);
                var length = BinaryPrimitives.ReadInt32BigEndian(header);
                if (length < 8 || length > _options.MaxStartupPacketSize)
                {
                    _input.AdvanceTo(buffer.End);
                    PgLog.StartupFailed(_logger, _id, $"invalid length of startup packet: {length}");
                    return null;
                }
                if (buffer.Length >= length)
                {
                    var body = buffer.Slice(4, length - 4).ToArray();
                    _input.AdvanceTo(buffer.GetPosition(length));
                    try
                    {
                        return StartupPacket.Read(body);
                    }
                    catch (PgProtocolException e)
                    {
                        PgLog.StartupFailed(_logger, _id, "invalid startup packet: " + e.Message);
                        return null;
                    }
                }
            }
            if (read.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                PgLog.StartupFailed(_logger, _id, buffer.IsEmpty ? "closed before startup" : "incomplete startup packet");
                return null;
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async ValueTask WriteRawByteAsync(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
        await _output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>TLS over the same connection after 'S': SslStream over the transport, new pipes over the SslStream.</summary>
    private async Task<bool> StartTlsAsync(CancellationToken cancellationToken)
    {
        var transport = new DuplexStream(_context.Transport.Input.AsStream(leaveOpen: true), _context.Transport.Output.AsStream(leaveOpen: true));
        var ssl = new SslStream(transport, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _options.Certificate,
                ClientCertificateRequired = false,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            PgLog.TlsFailed(_logger, _id, e.Message);
            await ssl.DisposeAsync().ConfigureAwait(false);
            return false;
        }
        _tls = ssl;
        _input = PipeReader.Create(ssl);
        _output.Rebind(PipeWriter.Create(ssl));
        return true;
    }

    private async Task<bool> AuthenticateAsync(string user, CancellationToken cancellationToken)
    {
        if (_credentials.IsEmpty)
            return true;
        var ok = _options.AuthMethod switch
        {
            PgAuthMethod.Trust => true,
            PgAuthMethod.Password => await CleartextAsync(user, cancellationToken).ConfigureAwait(false),
            PgAuthMethod.Md5 => await Md5Async(user, cancellationToken).ConfigureAwait(false),
            _ => await ScramAsync(user, cancellationToken).ConfigureAwait(false),
        };
        if (!ok)
        {
            PgLog.AuthenticationFailed(_logger, _id, user);
            throw new PgProtocolException("28P01", $"password authentication failed for user \"{user}\"");
        }
        return true;
    }

    private async Task<bool> CleartextAsync(string user, CancellationToken cancellationToken)
    {
        AuthenticationMessage.Write(_output, AuthenticationMessage.CleartextPassword);
        await _output.FlushAsync().ConfigureAwait(false);
        var body = await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false);
        var password = ReadSingleString(body);
        return _credentials.CheckPassword(user, password);
    }

    private async Task<bool> Md5Async(string user, CancellationToken cancellationToken)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        AuthenticationMessage.Write(_output, AuthenticationMessage.Md5Password, salt);
        await _output.FlushAsync().ConfigureAwait(false);
        var body = await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false);
        return _credentials.CheckMd5(user, ReadSingleString(body), salt);
    }

    private static string ReadSingleString(byte[] body)
    {
        var reader = new PgMessageReader(body);
        var text = reader.ReadCString();
        reader.End();
        return text;
    }

    /// <summary>
    /// SCRAM-SHA-256 as PostgreSQL runs it: the user name inside the SCRAM messages is ignored
    /// (the startup user counts), no channel binding is offered (gs2 header "n,," or "y,,").
    /// </summary>
    private async Task<bool> ScramAsync(string user, CancellationToken cancellationToken)
    {
        AuthenticationMessage.WriteSaslMechanisms(_output, [ScramMechanism]);
        await _output.FlushAsync().ConfigureAwait(false);

        // SASLInitialResponse: String mechanism, Int32 length of the data (-1 none), Byte[n] client-first-message.
        var initial = await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false);
        var reader = new PgMessageReader(initial);
        var mechanism = reader.ReadCString();
        if (mechanism != ScramMechanism)
            throw new PgProtocolException("28000", $"client selected an invalid SASL authentication mechanism \"{mechanism}\"");
        var length = reader.ReadInt32();
        var clientFirst = Encoding.UTF8.GetString(reader.ReadBytes(length));
        reader.End();

        // client-first-message = gs2-header client-first-message-bare; gs2-header = ("n" | "y") ",," (no authzid)
        string gs2Header;
        if (clientFirst.StartsWith("n,,", StringComparison.Ordinal) || clientFirst.StartsWith("y,,", StringComparison.Ordinal))
            gs2Header = clientFirst[..3];
        else if (clientFirst.StartsWith("p=", StringComparison.Ordinal))
            throw new PgProtocolException("28000", "channel binding is not supported by this server");
        else
            throw new PgProtocolException("08P01", "malformed SCRAM message: invalid GS2 header");
        var clientFirstBare = clientFirst[3..];
        var clientNonce = Attribute(clientFirstBare, 'r') ?? throw new PgProtocolException("08P01", "malformed SCRAM message: no client nonce");

        var credential = _credentials.ScramFor(user);
        var nonce = clientNonce + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var serverFirst = $"r={nonce},s={Convert.ToBase64String(credential.Salt)},i={credential.Iterations}";
        AuthenticationMessage.Write(_output, AuthenticationMessage.SaslContinue, Encoding.UTF8.GetBytes(serverFirst));
        await _output.FlushAsync().ConfigureAwait(false);

        // SASLResponse: Byte[n] client-final-message = "c=" base64(gs2-header) ",r=" nonce ",p=" base64(proof)
        var final = Encoding.UTF8.GetString(await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false));
        var proofAt = final.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0)
            throw new PgProtocolException("08P01", "malformed SCRAM message: no proof");
        var finalWithoutProof = final[..proofAt];
        if (Attribute(finalWithoutProof, 'c') != Convert.ToBase64String(Encoding.ASCII.GetBytes(gs2Header)))
            throw new PgProtocolException("08P01", "SCRAM channel binding check failed");
        if (Attribute(finalWithoutProof, 'r') != nonce)
            throw new PgProtocolException("08P01", "SCRAM nonce mismatch");
        byte[] proof;
        try
        {
            proof = Convert.FromBase64String(final[(proofAt + 3)..]);
        }
        catch (FormatException)
        {
            throw new PgProtocolException("08P01", "malformed SCRAM message: invalid proof encoding");
        }
        if (proof.Length != 32)
            return false;

        // ClientKey = proof XOR HMAC(StoredKey, AuthMessage); it is right when H(ClientKey) == StoredKey.
        var authMessage = Encoding.UTF8.GetBytes($"{clientFirstBare},{serverFirst},{finalWithoutProof}");
        var signature = HMACSHA256.HashData(credential.StoredKey, authMessage);
        var clientKey = new byte[32];
        for (var i = 0; i < 32; i++)
            clientKey[i] = (byte)(proof[i] ^ signature[i]);
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), credential.StoredKey))
            return false;

        var serverSignature = HMACSHA256.HashData(credential.ServerKey, authMessage);
        AuthenticationMessage.Write(_output, AuthenticationMessage.SaslFinal, Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(serverSignature)));
        return true;
    }

    private static string? Attribute(string message, char name)
    {
        foreach (var part in message.Split(','))
        {
            if (part.Length >= 2 && part[0] == name && part[1] == '=')
                return part[2..];
        }
        return null;
    }

    /// <summary>Reads the next message, which must be a password message ('p'), during authentication.</summary>
    private async Task<byte[]> ReadPasswordMessageAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (TryReadFrame(ref buffer, out var code, out var body))
            {
                var bytes = body.ToArray();
                _input.AdvanceTo(buffer.Start);
                if (code == FrontendCode.Terminate)
                    throw new PgClientGoneException("the client ended the connection during authentication");
                if (code != FrontendCode.Password)
                    throw new PgProtocolException("08P01", $"expected a password response, got message type {code}");
                return bytes;
            }
            if (read.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                throw new PgClientGoneException("the client closed the connection during authentication");
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
