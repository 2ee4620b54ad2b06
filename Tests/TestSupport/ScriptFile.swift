import Foundation

/// An executable script for a test to run (a stand-in for khard, a viewer…).
public enum ScriptFile {
    /// Writes `text` to a new file in the temporary folder, mode 0755, and returns its
    /// path. The file is opened close-on-exec: a process another test forks meanwhile
    /// must not inherit the open file, or running the script would fail with "Text file
    /// busy" for as long as that process lives.
    public static func write(_ text: String, prefix: String = "merle-script") throws -> String {
        let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString).sh"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            written += count
        }
        return path
    }
}
