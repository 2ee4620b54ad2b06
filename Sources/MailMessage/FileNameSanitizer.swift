/// Makes an attachment's file name safe to save (SECURITY.md, "Messages"): no path
/// separators, no `..`, no leading dot, no control or bidi characters, bounded length,
/// never empty. It does not check for existing files; the caller must never overwrite
/// without asking.
public enum FileNameSanitizer: Sendable {
    /// The longest name returned, in UTF-8 bytes (most file systems allow 255).
    public static let maxBytes = 200

    /// A safe base name for `name`, or `fallback` when nothing usable remains.
    public static func sanitize(_ name: String?, fallback: String = "attachment") -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in (name ?? "").unicodeScalars {
            let value = scalar.value
            let forbidden = value < 0x20 || (0x7F...0x9F).contains(value) || scalar == "/" || scalar == "\\"
                || scalar == ":" || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
                || value == 0x200E || value == 0x200F || value == 0x061C || value == 0xFEFF
            scalars.append(forbidden ? "_" : scalar)
        }
        var result = String(scalars).trimmingMailWhitespace
        while result.contains("..") { result = result.replacingOccurrences(of: "..", with: "_") }
        while result.hasPrefix(".") || result.hasPrefix("-") || result.hasPrefix(" ") { result.removeFirst() }
        while result.hasSuffix(".") || result.hasSuffix(" ") { result.removeLast() }
        if result.utf8.count > maxBytes {
            // Keep the extension when shortening.
            let ext = result.split(separator: ".").last.map { "." + $0 } ?? ""
            let keepExtension = result.contains(".") && ext.utf8.count <= 16
            var base = keepExtension ? String(result.dropLast(ext.count)) : result
            let budget = maxBytes - (keepExtension ? ext.utf8.count : 0)
            while base.utf8.count > budget { base.removeLast() }
            result = base + (keepExtension ? ext : "")
        }
        if result.isEmpty || result.allSatisfy({ $0 == "_" || $0 == "." }) {
            return fallback
        }
        return result
    }
}
