import Foundation

/// The file operations both writers need: a new file only the user may read, written
/// whole through short writes and signals, and synced.
enum PrivateFile {
    /// Creates `path` (0600), failing when it exists.
    static func create(_ path: String, named name: String) throws -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw TransferError.cannotWrite(name, String(cString: strerror(errno))) }
        return descriptor
    }

    /// Writes every byte; `name` is the file the user knows, for the error.
    static func write(_ bytes: [UInt8], to descriptor: Int32, named name: String) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw TransferError.cannotWrite(name, String(cString: strerror(errno))) }
            written += count
        }
    }

    /// Makes what was written durable.
    static func sync(_ descriptor: Int32, named name: String) throws {
        guard fsync(descriptor) == 0 else { throw TransferError.cannotWrite(name, String(cString: strerror(errno))) }
    }
}
