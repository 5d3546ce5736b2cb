using System.Security.Cryptography;
using System.Text;

namespace StreamSql.Server.Pg;

/// <summary>
/// The configured users, with their SCRAM verifiers derived once at start (so a connection costs
/// two HMACs, not a PBKDF2 run). A user that does not exist gets a verifier that never matches,
/// so that the reply does not reveal which user names exist.
/// </summary>
internal sealed class PgCredentialStore
{
    private readonly IReadOnlyDictionary<string, string> _passwords;
    private readonly Dictionary<string, ScramCredential> _scram = new(StringComparer.Ordinal);
    private readonly ScramCredential _nobody;

    public PgCredentialStore(PgOptions options)
    {
        _passwords = options.Users;
        if (options.AuthMethod == PgAuthMethod.ScramSha256)
        {
            foreach (var (user, password) in options.Users)
                _scram[user] = ScramCredential.Create(password, options.ScramIterations);
        }
        _nobody = ScramCredential.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), options.ScramIterations);
    }

    public bool IsEmpty => _passwords.Count == 0;

    public ScramCredential ScramFor(string user) => _scram.GetValueOrDefault(user) ?? _nobody;

    public bool CheckPassword(string user, string password) =>
        _passwords.TryGetValue(user, out var expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(password));

    /// <summary>Checks an md5 reply: "md5" + hex(md5(hex(md5(password + user)) + salt)).</summary>
    public bool CheckMd5(string user, string reply, ReadOnlySpan<byte> salt)
    {
        if (!_passwords.TryGetValue(user, out var password))
            return false;
        var inner = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(password + user)));
        var outerInput = new byte[inner.Length + salt.Length];
        Encoding.ASCII.GetBytes(inner, outerInput);
        salt.CopyTo(outerInput.AsSpan(inner.Length));
        var expected = "md5" + Convert.ToHexStringLower(MD5.HashData(outerInput));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.UTF8.GetBytes(reply));
    }
}
