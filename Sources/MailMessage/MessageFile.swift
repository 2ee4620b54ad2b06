import Foundation

/// A message file opened for reading in pieces: parsing and rendering a 50 MB message
/// with a 45 MB attachment reads the attachment's bytes once, a window at a time, and
/// keeps only where it lies. Parts read their bytes from here when asked (`pread`, so
/// any thread may). The file must not change while a message parsed from it is in use.
public final class MessageFile: Sendable {
    public let path: String
    /// The file's size when opened.
    public let count: Int
    private let descriptor: Int32

    /// Opens `path` for reading; the error says what failed.
    public init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw MessageFileError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw MessageFileError.notAFile(path: path)
        }
        self.path = path
        self.descriptor = descriptor
        self.count = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// The bytes in `range` (clamped to the file), read now.
    public func read(_ range: Range<Int>) -> [UInt8] {
        let lower = max(0, min(range.lowerBound, count))
        let upper = max(lower, min(range.upperBound, count))
        return [UInt8](unsafeUninitializedCapacity: upper - lower) { buffer, initialized in
            var done = 0
            while done < upper - lower {
                let got = pread(descriptor, buffer.baseAddress! + done, upper - lower - done, off_t(lower + done))
                if got < 0, errno == EINTR { continue }
                if got <= 0 { break }
                done += got
            }
            initialized = done
        }
    }

    /// Calls `body` with consecutive pieces of `range`, each ending at a line break when
    /// one falls within `chunk` bytes (so a line-based decoder never sees a line split),
    /// holding one piece at a time.
    func forEachPiece(of range: Range<Int>, chunk: Int = 1 << 20, _ body: (ArraySlice<UInt8>) -> Void) {
        var start = range.lowerBound
        while start < range.upperBound {
            let piece = read(start..<min(range.upperBound, start + chunk))
            guard !piece.isEmpty else { return }
            var end = piece.count
            if start + end < range.upperBound, let lastBreak = piece.lastIndex(of: ASCII.lf) { end = lastBreak + 1 }
            body(piece[..<end])
            start += end
        }
    }
}

/// Why a message file could not be read.
public enum MessageFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case notAFile(path: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot read \(path): \(reason); check the path and its permissions"
        case let .notAFile(path): "\(path) is not a regular file; give the path of a message (.eml) file"
        case let .cannotWrite(path, reason): "cannot write the temporary file \(path): \(reason); check the free space in its folder (TMPDIR)"
        }
    }
}

/// Where a part's bytes are: a slice of a message held in memory, or a range of a
/// message file, read on request.
enum PartBytes: Sendable {
    case memory(ArraySlice<UInt8>)
    case file(MessageFile, Range<Int>)

    /// The bytes (read from the file now when file-backed).
    var bytes: ArraySlice<UInt8> {
        switch self {
        case .memory(let slice): slice
        case .file(let file, let range): file.read(range)[...]
        }
    }

    var count: Int {
        switch self {
        case .memory(let slice): slice.count
        case .file(_, let range): range.count
        }
    }

    var isEmpty: Bool { count == 0 }

    /// Whether any piece satisfies `test`; a file-backed body is read a piece at a time
    /// (pieces end at line breaks), never whole.
    func anyPiece(_ test: (ArraySlice<UInt8>) -> Bool) -> Bool {
        switch self {
        case .memory(let slice):
            return test(slice)
        case .file(let file, let range):
            var found = false
            file.forEachPiece(of: range) { piece in if !found { found = test(piece) } }
            return found
        }
    }

    /// The decoded length, file-backed bodies read a piece at a time.
    func decodedLength(_ encoding: TransferEncoding) -> Int {
        switch encoding {
        case .sevenBit, .eightBit, .binary, .other: return count  // nothing to decode, nothing to read
        default: break
        }
        switch self {
        case .memory(let slice):
            return encoding.decodedLength(slice)
        case .file(let file, let range):
            var counter = TransferEncoding.LengthCounter(encoding)
            file.forEachPiece(of: range) { counter.add($0) }
            return counter.length
        }
    }
}
