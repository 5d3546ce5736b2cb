using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;
using StreamSql.Server.Pg.Messages;

namespace StreamSql.Server.Pg;

internal sealed partial class PgConnection
{
    private async ValueTask ParseAsync(ParseMessage message)
    {
        if (message.Name.Length > 0 && _statements.ContainsKey(message.Name))
        {
            ReportError(new EngineError("42P05", $"prepared statement \"{message.Name}\" already exists"));
            return;
        }
        var types = new DataType?[message.ParameterOids.Length];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = PgTypeMap.FromOid(message.ParameterOids[i], out var supported);
            if (!supported)
            {
                ReportError(new EngineError("0A000", $"parameter ${i + 1} has type OID {message.ParameterOids[i]}, which is not supported",
                    Hint: "Send the parameter as text (type OID 0 or 25) and cast it in the query."));
                return;
            }
        }
        PgStatement statement;
        if (IsBlank(message.Sql))
        {
            statement = new PgStatement(message.Name, new PreparedStatementInfo(message.Sql, [], null)) { IsEmpty = true };
        }
        else
        {
            var token = BeginStatement();
            PreparedStatementInfo info;
            try
            {
                info = await _session!.PrepareAsync(message.Sql, types, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                ReportCancelled();
                return;
            }
            catch (EngineException e)
            {
                ReportError(e.Error);
                return;
            }
            catch (Exception e) when (IsStatementFailure(e))
            {
                ReportFailure(e);
                return;
            }
            finally
            {
                EndStatement();
            }
            if (info.Error is not null)
            {
                ReportError(info.Error);
                return;
            }
            statement = new PgStatement(message.Name, info);
        }
        _statements[message.Name] = statement;
        EmptyMessage.Write(_output, BackendCode.ParseComplete);
    }

    /// <summary>Bind runs while the message is still in the receive buffer: parameter values are decoded from it in place.</summary>
    private void Bind(BindMessage message, PgStatement statement)
    {
        var parameterTypes = statement.Info.ParameterTypes;
        var count = message.Values.Length;
        var values = count == 0 ? [] : new object?[count];
        for (var i = 0; i < count; i++)
        {
            var format = message.ParameterFormats.Length == 0 ? (short)0 : message.ParameterFormats[message.ParameterFormats.Length == 1 ? 0 : i];
            if (format is not (0 or 1))
            {
                ReportError(new EngineError("08P01", $"unsupported format code: {format}"));
                return;
            }
            var (offset, length) = message.Values[i];
            if (length < 0)
                continue;
            var bytes = message.Body.Slice(offset, length);
            var type = parameterTypes[i].Kind == TypeKind.Unknown ? DataType.Text : parameterTypes[i];
            try
            {
                values[i] = format == 1
                    ? PgBinaryCodec.Read(type, bytes)
                    : PgTextCodec.Parse(type, PgMessageReader.Decode(bytes), _timeZone);
            }
            catch (PgValueException e)
            {
                var message2 = format == 1 && e.SqlState == "22P03"
                    ? $"incorrect binary data format in bind parameter {i + 1}"
                    : e.Message;
                ReportError(new EngineError(e.SqlState, message2, Detail: format == 1 && e.SqlState == "22P03" ? e.Message : null));
                return;
            }
            catch (PgProtocolException e)
            {
                ReportError(new EngineError(e.SqlState, e.Message));
                return;
            }
        }

        var columns = statement.Info.Columns;
        short[]? formats = null;
        if (columns is not null && message.ResultFormats.Length > 0)
        {
            if (message.ResultFormats.Length != 1 && message.ResultFormats.Length != columns.Count)
            {
                ReportError(new EngineError("08P01", $"bind message has {message.ResultFormats.Length} result formats but query has {columns.Count} columns"));
                return;
            }
            formats = new short[columns.Count];
            for (var i = 0; i < formats.Length; i++)
            {
                formats[i] = message.ResultFormats[message.ResultFormats.Length == 1 ? 0 : i];
                if (formats[i] is not (0 or 1))
                {
                    ReportError(new EngineError("08P01", $"unsupported format code: {formats[i]}"));
                    return;
                }
            }
        }

        if (message.Portal.Length > 0 && _portals.ContainsKey(message.Portal))
        {
            ReportError(new EngineError("42P03", $"portal \"{message.Portal}\" already exists"));
            return;
        }
        if (_portals.Remove(message.Portal, out var old))
            _ = DisposeQuietlyAsync(old);
        _portals[message.Portal] = new PgPortal(message.Portal, statement, values, formats);
        EmptyMessage.Write(_output, BackendCode.BindComplete);
    }

    private void Describe(DescribeMessage message)
    {
        if (message.Target == DescribeMessage.Statement)
        {
            if (!_statements.TryGetValue(message.Name, out var statement))
            {
                ReportError(MissingStatement(message.Name));
                return;
            }
            ParameterDescriptionMessage.Write(_output, statement.Info.ParameterTypes);
            if (statement.Info.Columns is { } columns)
                RowDescriptionMessage.Write(_output, columns, null);
            else
                EmptyMessage.Write(_output, BackendCode.NoData);
            return;
        }
        if (!_portals.TryGetValue(message.Name, out var portal))
        {
            ReportError(new EngineError("34000", $"portal \"{message.Name}\" does not exist"));
            return;
        }
        if (portal.Statement.Info.Columns is { } portalColumns)
            RowDescriptionMessage.Write(_output, portalColumns, portal.ResultFormats);
        else
            EmptyMessage.Write(_output, BackendCode.NoData);
    }

    /// <summary>
    /// Execute: runs the portal's statement at its first Execute, then sends up to MaxRows rows;
    /// a portal stopped by the limit answers PortalSuspended and resumes at the next Execute.
    /// </summary>
    /// <remarks>
    /// With <paramref name="watchInput"/> the Execute's message is already consumed from the pipe,
    /// and a limited Execute that has to wait for rows also watches the input: when the client
    /// closes the portal meanwhile, the Execute ends with PortalSuspended and the Close is served.
    /// </remarks>
    private async ValueTask ExecuteAsync(ExecuteMessage message, bool watchInput = false)
    {
        if (!_portals.TryGetValue(message.Portal, out var portal))
        {
            ReportError(new EngineError("34000", $"portal \"{message.Portal}\" does not exist"));
            return;
        }
        if (portal.Statement.IsEmpty)
        {
            EmptyMessage.Write(_output, BackendCode.EmptyQueryResponse);
            return;
        }
        if (portal.Completed)
        {
            // PostgreSQL answers a finished portal with its tag and no rows.
            CommandCompleteMessage.Write(_output, "SELECT", 0);
            return;
        }
        var token = BeginStatement();
        try
        {
            if (portal.Result is null)
            {
                var result = await _session!.ExecutePreparedAsync(portal.Statement.Info, portal.Parameters, token).ConfigureAwait(false);
                WriteNotices(result.Notices);
                switch (result.Kind)
                {
                    case ResultKind.Command:
                        portal.Completed = true;
                        CommandCompleteMessage.Write(_output, result.CommandTag);
                        await OnCommandTagAsync(result.CommandTag).ConfigureAwait(false);
                        return;
                    case ResultKind.Error:
                        portal.Completed = true;
                        ReportError(result.Error ?? new EngineError("XX000", "statement failed without an error"));
                        return;
                }
                if (result.Kind == ResultKind.CopyIn)
                {
                    await StartCopyInAsync(result, null, portal, token).ConfigureAwait(false);
                    return;
                }
                portal.Result = result;
                portal.ColumnTypes = TypesOf(result.Columns ?? []);
                if (result.Kind == ResultKind.CopyOut)
                    StartCopyOut(result, result.Columns ?? []);
            }
            var (_, completed) = await StreamRowsAsync(portal.Result, portal.ColumnTypes!, portal.ResultFormats, message.MaxRows, token,
                watchInput && message.MaxRows > 0 ? portal.Name : null).ConfigureAwait(false);
            if (completed || _skipUntilSync)
            {
                portal.Completed = true;
                await portal.DisposeReaderAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            portal.Completed = true;
            await portal.DisposeReaderAsync().ConfigureAwait(false);
            ReportCancelled();
        }
        catch (EngineException e)
        {
            portal.Completed = true;
            await portal.DisposeReaderAsync().ConfigureAwait(false);
            ReportError(e.Error);
        }
        catch (Exception e) when (IsStatementFailure(e))
        {
            portal.Completed = true;
            await portal.DisposeReaderAsync().ConfigureAwait(false);
            ReportFailure(e);
        }
        finally
        {
            EndStatement();
        }
    }

    private async ValueTask CloseAsync(DescribeMessage message)
    {
        if (message.Target == DescribeMessage.Statement)
            _statements.Remove(message.Name);
        else
            await DropPortalAsync(message.Name).ConfigureAwait(false);
        EmptyMessage.Write(_output, BackendCode.CloseComplete);
    }

    /// <summary>Sync ends the implicit transaction of an extended-protocol batch: outside a transaction block its portals close.</summary>
    private ValueTask SyncAsync() => EndWithReadyAsync(dropPortals: true);

    private async ValueTask DropPortalAsync(string name)
    {
        if (_portals.Remove(name, out var portal))
            await portal.DisposeReaderAsync().ConfigureAwait(false);
    }

    /// <summary>Closes a replaced unnamed portal's reader without waiting (Bind cannot wait: its message is still in the receive buffer).</summary>
    private async Task DisposeQuietlyAsync(PgPortal portal)
    {
        try
        {
            await portal.DisposeReaderAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            PgLog.InternalError(_logger, _id, e);
        }
    }

    private async ValueTask DropPortalsAsync()
    {
        if (_portals.Count == 0)
            return;
        foreach (var portal in _portals.Values)
            await portal.DisposeReaderAsync().ConfigureAwait(false);
        _portals.Clear();
    }
}
