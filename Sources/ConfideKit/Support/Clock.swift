#if canImport(Glibc)
import Glibc
#endif

/// Times as seconds since the epoch, shown in local time. (Glibc's strftime, so that no
/// calendar library is loaded for a date.)
public enum Clock {
    public static func now() -> Int64 { Int64(time(nil)) }

    /// Milliseconds on a clock that never jumps, for measuring.
    public static func monotonicMilliseconds() -> Int64 {
        var value = timespec()
        clock_gettime(CLOCK_MONOTONIC, &value)
        return Int64(value.tv_sec) * 1000 + Int64(value.tv_nsec) / 1_000_000
    }

    /// "2026-11-24 05:40" in local time.
    public static func localMinute(_ seconds: Int64) -> String { format(seconds, "%Y-%m-%d %H:%M") }

    /// "2026-11-24" in local time.
    public static func localDate(_ seconds: Int64) -> String { format(seconds, "%Y-%m-%d") }

    /// "20261124-054012", for file names.
    public static func stamp(_ seconds: Int64) -> String { format(seconds, "%Y%m%d-%H%M%S") }

    /// "2026-11-24T05:40:12Z".
    public static func iso8601(_ seconds: Int64) -> String {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        return render(&parts, "%Y-%m-%dT%H:%M:%SZ")
    }

    static func format(_ seconds: Int64, _ pattern: String) -> String {
        var value = time_t(seconds)
        var parts = tm()
        localtime_r(&value, &parts)
        return render(&parts, pattern)
    }

    private static func render(_ parts: inout tm, _ pattern: String) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, pattern, &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Local midnight at the start of a `YYYY-MM-DD` date, or nil when it is not one.
    public static func startOfLocalDay(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int32(parts[0]), let month = Int32(parts[1]), let day = Int32(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var value = tm()
        value.tm_year = year - 1900
        value.tm_mon = month - 1
        value.tm_mday = day
        value.tm_isdst = -1
        let seconds = mktime(&value)
        guard seconds != -1, value.tm_mday == day else { return nil }
        return Int64(seconds)
    }
}
