import Foundation

/// A message too big to hold in memory, written a piece at a time into a temporary
/// file (mode 0600) and then read back as a `MessageFile`. The name is removed when
/// `finish` opens it, so the bytes go away with the last `MessageFile` that reads them,
/// and with the spool itself when it is dropped unfinished.
public final class MessageSpool {
    public let path: String
    private var descriptor: Int32
    /// Bytes written so far.
    public private(set) var count = 0

    /// Creates the file in the temporary folder; `label` becomes part of its name.
    public init(label: String) throws {
        path = NSTemporaryDirectory() + "merle-\(label)-\(getpid())-\(UUID().uuidString)"
        descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw MessageFileError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(path)
        }
    }

    /// Appends `bytes` to the file.
    public func append<Bytes: Collection>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
        if let done = try bytes.withContiguousStorageIfAvailable({ try write($0) }) {
            count += done
        } else {
            count += try Array(bytes).withUnsafeBufferPointer { try write($0) }
        }
    }

    private func write(_ buffer: UnsafeBufferPointer<UInt8>) throws -> Int {
        var written = 0
        while written < buffer.count {
            let result = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { throw MessageFileError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
            written += result
        }
        return written
    }

    /// Closes the file for writing and opens it for reading; the name is gone after this.
    public func finish() throws -> MessageFile {
        close(descriptor)
        descriptor = -1
        defer { unlink(path) }
        return try MessageFile(path: path)
    }
}
