using System.Runtime.InteropServices;

namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>
/// glibc's allocator policy for librdkafka's buffers. librdkafka allocates a buffer per fetch
/// response (up to a megabyte per partition); glibc returns freed memory above a small threshold
/// to the kernel and the next fetch faults it in again, page by page, which cost the fetching
/// thread about as much as parsing the records. Once per process, before the first consumer,
/// freed memory up to <see cref="TrimThreshold"/> per arena is kept and only allocations from
/// <see cref="MmapThreshold"/> on are mapped on their own: the process keeps up to a few
/// megabytes per arena more resident in exchange. Settings given through glibc's own environment variables
/// (<c>MALLOC_TRIM_THRESHOLD_</c>, <c>MALLOC_MMAP_THRESHOLD_</c>) are left as they are.
/// </summary>
internal static partial class NativeHeap
{
    public const int TrimThreshold = 8 << 20;
    public const int MmapThreshold = 4 << 20;

    // mallopt's parameters in glibc's malloc.h.
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;

    private static int tuned;

    public static void KeepFreedMemory()
    {
        if (Interlocked.Exchange(ref tuned, 1) == 1 || !OperatingSystem.IsLinux())
            return;
        try
        {
            if (Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is null)
                mallopt(M_TRIM_THRESHOLD, TrimThreshold);
            if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is null)
                mallopt(M_MMAP_THRESHOLD, MmapThreshold);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its allocator keeps its own policy.
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int parameter, int value);
}
