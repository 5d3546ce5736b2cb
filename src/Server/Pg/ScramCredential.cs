using System.Security.Cryptography;
using System.Text;

namespace StreamSql.Server.Pg;

/// <summary>
/// A SCRAM-SHA-256 verifier, as PostgreSQL stores it in pg_authid: salt, iteration count,
/// StoredKey = H(HMAC(SaltedPassword, "Client Key")) and ServerKey = HMAC(SaltedPassword, "Server Key"),
/// SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, iterations). The password itself is not needed to verify.
/// </summary>
internal sealed record ScramCredential(byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey)
{
    public static ScramCredential Create(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        return new ScramCredential(salt, iterations, SHA256.HashData(clientKey), HMACSHA256.HashData(salted, "Server Key"u8));
    }
}
