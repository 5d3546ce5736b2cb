using StreamSql.Runtime.Connectors.Formats;

namespace StreamSql.Runtime.Connectors.Directory;

/// <summary>
/// The <c>directory</c> connector's settings. From <c>WITH</c>: <c>path</c> (required: the folder
/// watched, not its subfolders), <c>pattern</c> (a <see cref="GlobPattern"/> on file names, default
/// <c>*</c>) and the options every source takes (<see cref="ConnectorOptions.CommonSourceOptions"/>, carried out by the runtime), plus
/// the <c>FORMAT</c>. Not options of the statement: <see cref="BufferRecords"/>, the most records
/// read ahead of the pipeline, and <see cref="ScanInterval"/>, how often the folder is listed.
/// </summary>
public sealed record DirectorySourceOptions(string Path, GlobPattern Pattern, RecordFormat Format)
{
    public const string ConnectorName = "directory";

    public static readonly IReadOnlyList<string> ValidOptions = ["path", "pattern", .. ConnectorOptions.CommonSourceOptions];

    public int BufferRecords { get; init; } = 10_000;

    public TimeSpan ScanInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Checks the <c>WITH</c> options (keys case-insensitive; <c>connector</c> itself is ignored)
    /// and the format. Unknown or missing options and bad values are 22023 errors naming the
    /// valid options; a folder that does not exist is one too.
    /// </summary>
    public static DirectorySourceOptions Parse(IReadOnlyDictionary<string, string> options, string? format,
        IReadOnlyDictionary<string, string>? formatOptions)
    {
        const string owner = "connector " + ConnectorName;
        string? path = null;
        var pattern = GlobPattern.Parse("*", owner);
        foreach (var (rawKey, value) in options)
        {
            switch (rawKey.Trim().ToLowerInvariant())
            {
                case "connector":
                    break;
                case "path":
                    path = value;
                    break;
                case "pattern":
                    pattern = GlobPattern.Parse(value, owner);
                    break;
                case var key when ConnectorOptions.CheckCommonSourceOption(key, value, owner):
                    break;
                default:
                    throw ConnectorOptions.Unknown(rawKey, owner, ValidOptions);
            }
        }
        if (string.IsNullOrWhiteSpace(path))
            throw ConnectorOptions.Missing("path", owner, ValidOptions);
        if (!System.IO.Directory.Exists(path))
            throw ConnectorOptions.Invalid($"folder '{path}' of option 'path' of {owner} does not exist");
        return new DirectorySourceOptions(path, pattern, RecordFormat.Parse(format, formatOptions));
    }
}
