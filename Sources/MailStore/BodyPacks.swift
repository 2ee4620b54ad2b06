import Foundation
import MailMessage

/// Downloaded message bodies, appended to pack files in a folder beside the store file;
/// the store's `message_body` row keeps where each one lies (see docs/DECISIONS.md,
/// "Bodies in pack files"). Through SQLite's WAL every body was written twice and read
/// back once; a pack writes it once, and `MailStore` makes it durable (`syncAppended`)
/// before the transaction that points at it commits.
///
/// Packs only grow; a pack stops taking bytes once a newer one exists. Space of deleted
/// messages comes back when `MailStore.compactBodyPacks` moves a pack's live bodies to
/// the newest pack and removes it. Several processes may append at once: an exclusive
/// `flock` on the folder's `lock` covers choosing the pack and writing the bytes. Bytes
/// whose rows may not be committed yet keep a shared `flock` on `lock-pending`, and a
/// pack is removed only while nobody holds it (`removePackIfUnreferenced`).
public final class BodyPacks: @unchecked Sendable {
    /// Where one body lies.
    public struct Location: Sendable, Hashable {
        public var pack: Int64
        public var offset: Int64
        public var length: Int64
    }

    /// The pack folder (0700).
    public let directory: String
    /// A pack at least this big takes no more bytes: the next append starts a new one.
    public let packLimit: Int64
    /// Guards the fields below between this process's threads (flock covers processes).
    private let lock = NSLock()
    private var writer: (number: Int64, descriptor: Int32)?
    /// Packs written to since the last `syncAppended`.
    private var unsynced: [Int32] = []
    /// Bytes appends may still take before they fail as on a full disk; nil: only the
    /// disk's own limit. Tests fill the "disk" at a chosen point with it, as they do
    /// the store file with SQLite's `max_page_count`.
    private var room: Int64?
    private let lockDescriptor: Int32
    /// Held shared while this instance has appended bytes that may not be referenced by a
    /// committed row yet (`appendedSinceCommit`, or inside `holding`).
    private let pendingDescriptor: Int32
    private var holds = 0
    private var appendedSinceCommit = false
    private var holdingPending = false
    /// Orders taking the pending lock against removing a pack (before `lock`).
    private let removal = NSLock()

    /// Opens (creating if needed) the pack folder `directory`.
    public init(directory: String, packLimit: Int64 = 1 << 30) throws {
        self.directory = directory
        self.packLimit = packLimit
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw StoreError.cannotOpen(path: directory, detail: "cannot create the body folder: \(String(cString: strerror(errno)))")
        }
        let lockPath = (directory as NSString).appendingPathComponent("lock")
        lockDescriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard lockDescriptor >= 0 else {
            throw StoreError.cannotOpen(path: lockPath, detail: String(cString: strerror(errno)))
        }
        let pendingPath = (directory as NSString).appendingPathComponent("lock-pending")
        pendingDescriptor = open(pendingPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard pendingDescriptor >= 0 else {
            close(lockDescriptor)
            throw StoreError.cannotOpen(path: pendingPath, detail: String(cString: strerror(errno)))
        }
    }

    deinit {
        if let writer { close(writer.descriptor) }
        close(lockDescriptor)
        close(pendingDescriptor)
    }

    /// The folder that holds the packs of the store file at `storePath`.
    public static func directory(forStore storePath: String) -> String {
        (storePath as NSString).deletingPathExtension + "-bodies"
    }

    /// The file of pack `number`.
    public func path(ofPack number: Int64) -> String {
        (directory as NSString).appendingPathComponent(String(format: "pack-%06lld", number))
    }

    /// Appends `bytes` as one body and returns where it lies. Not durable until
    /// `syncAppended` (the store calls it before committing).
    public func append(_ bytes: [UInt8]) throws -> Location {
        try bytes.withUnsafeBytes { buffer in
            try appending(length: Int64(buffer.count)) { descriptor, offset, path in
                try Self.write(buffer, to: descriptor, at: offset, path: path)
            }
        }
    }

    /// Appends the whole of `file` as one body, 1 MB at a time.
    public func append(file: MessageFile) throws -> Location {
        try appending(length: Int64(file.count)) { descriptor, offset, path in
            var done = 0
            while done < file.count {
                let piece = file.read(done..<min(file.count, done + (1 << 20)))
                guard !piece.isEmpty else { throw StoreError.invalid("the temporary file \(file.path) ended early; check the free space in TMPDIR") }
                try piece.withUnsafeBytes { try Self.write($0, to: descriptor, at: offset + Int64(done), path: path) }
                done += piece.count
            }
        }
    }

    /// Runs `body` with this instance's appends marked pending throughout: bytes appended
    /// in it may wait for their rows beyond one transaction (the mirror's first sync), and
    /// no compaction, in any process, removes a pack meanwhile.
    public func holding<T>(_ body: () throws -> T) throws -> T {
        try holdPending { holds += 1 }
        defer { lock.withLock { holds -= 1; releasePendingIfIdle() } }
        return try body()
    }

    /// The writer's transaction ended: bytes appended before it are now referenced by
    /// committed rows, or abandoned (rolled back).
    func transactionEnded() {
        lock.withLock {
            appendedSinceCommit = false
            releasePendingIfIdle()
        }
    }

    /// Removes pack `number` (not the newest) if `isUnreferenced` says no committed row
    /// points into it, asked while no process has bytes pending: a pack with bytes whose
    /// rows another process has yet to commit stays. False when it was kept.
    public func removePackIfUnreferenced(_ number: Int64, isUnreferenced: () throws -> Bool) throws -> Bool {
        try removal.withLock {
            guard lock.withLock({ holds == 0 && !appendedSinceCommit }) else { return false }
            guard flock(pendingDescriptor, LOCK_EX | LOCK_NB) == 0 else { return false }
            defer { lock.withLock { _ = flock(pendingDescriptor, holdingPending ? LOCK_SH : LOCK_UN) } }
            // Nobody has pending bytes now, and new ones go to a newer pack: the rows
            // committed so far are all the rows that will ever point into this one.
            guard try isUnreferenced() else { return false }
            return try removePack(number)
        }
    }

    /// Makes every byte appended so far durable (fdatasync of each pack written to).
    public func syncAppended() throws {
        try lock.withLock {
            while let descriptor = unsynced.last {
                guard fdatasync(descriptor) == 0 else {
                    throw StoreError.invalid("message bytes could not be saved to \(directory): \(String(cString: strerror(errno)))")
                }
                unsynced.removeLast()
                // A pack left behind for a newer one was kept open only to be synced.
                if descriptor != writer?.descriptor { close(descriptor) }
            }
        }
    }

    /// Reads one whole body.
    public func read(_ location: Location) throws -> Data {
        let reader = try Reader(self, location)
        var data = Data(count: Int(location.length))
        try data.withUnsafeMutableBytes { try reader.read(at: 0, into: $0) }
        return data
    }

    /// Calls `body` with a body's bytes in consecutive pieces of at most `chunk` bytes.
    /// The pack is opened once, so a compaction meanwhile cannot cut the bytes short.
    public func forEachPiece(_ location: Location, chunk: Int, _ body: ([UInt8]) throws -> Void) throws {
        let reader = try Reader(self, location)
        var offset: Int64 = 0
        var piece = [UInt8](repeating: 0, count: max(1, min(chunk, Int(location.length))))
        while offset < location.length {
            let count = Int(min(Int64(piece.count), location.length - offset))
            try piece.withUnsafeMutableBytes { try reader.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<count])) }
            try body(count == piece.count ? piece : Array(piece[0..<count]))
            offset += Int64(count)
        }
    }

    /// Appends a copy of the body at `location` (from another pack), 1 MB at a time.
    public func copy(_ location: Location) throws -> Location {
        let reader = try Reader(self, location)
        return try appending(length: location.length) { descriptor, offset, path in
            var piece = [UInt8](repeating: 0, count: Int(min(location.length, 1 << 20)))
            var done: Int64 = 0
            while done < location.length {
                let count = Int(min(Int64(piece.count), location.length - done))
                try piece.withUnsafeMutableBytes { buffer in
                    let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
                    try reader.read(at: done, into: slice)
                    try Self.write(UnsafeRawBufferPointer(slice), to: descriptor, at: offset + done, path: path)
                }
                done += Int64(count)
            }
        }
    }

    /// The packs on disk, oldest first, with their sizes.
    public func packs() -> [(number: Int64, size: Int64)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name -> (Int64, Int64)? in
            guard name.hasPrefix("pack-"), let number = Int64(name.dropFirst(5)) else { return nil }
            var info = stat()
            guard stat(path(ofPack: number), &info) == 0 else { return nil }
            return (number, Int64(info.st_size))
        }.sorted { $0.0 < $1.0 }
    }

    /// Removes pack `number` unless it is the newest (the one appends go to). Readers
    /// that still hold its old locations retry with fresh ones (`BodyPackError.gone`).
    /// Only `removePackIfUnreferenced` may call it outside tests.
    @discardableResult
    func removePack(_ number: Int64) throws -> Bool {
        try withAppendLock {
            guard let newest = packs().last?.number, number < newest else { return false }
            if writer?.number == number {
                close(writer!.descriptor)
                unsynced.removeAll { $0 == writer!.descriptor }
                writer = nil
            }
            return unlink(path(ofPack: number)) == 0
        }
    }

    /// Lets appends take at most `bytes` more (nil: no limit but the disk's); see `room`.
    func limitRoom(to bytes: Int64?) {
        lock.withLock { room = bytes }
    }

    /// Starts a new pack now, so every older one takes no more bytes (compaction moves
    /// bodies out of the pack that was the newest).
    public func startNewPack() throws {
        try withAppendLock {
            let next = (packs().last?.number ?? 0) + 1
            try openWriter(next)
        }
    }

    // MARK: - Writing

    /// Chooses the pack (the newest; a new one when it is full), then writes `length`
    /// bytes at its end through `write`; a failed write is cut off again.
    private func appending(length: Int64, _ write: (Int32, Int64, String) throws -> Void) throws -> Location {
        try holdPending { appendedSinceCommit = true }
        return try withAppendLock {
            if let room {
                guard length <= room else { throw Self.diskFull(path: directory, reason: "no room left for \(length) bytes") }
                self.room = room - length
            }
            try chooseWriter()
            let (number, descriptor) = writer!
            let offset = Int64(lseek(descriptor, 0, SEEK_END))
            do {
                try write(descriptor, offset, path(ofPack: number))
            } catch {
                _ = ftruncate(descriptor, off_t(offset))
                throw error
            }
            if !unsynced.contains(descriptor) { unsynced.append(descriptor) }
            return Location(pack: number, offset: offset, length: length)
        }
    }

    /// Takes the shared pending lock (waiting while a compaction decides to remove a
    /// pack), then runs `mark` under `lock`.
    private func holdPending(_ mark: () -> Void) throws {
        try removal.withLock {
            try lock.withLock {
                if !holdingPending {
                    while flock(pendingDescriptor, LOCK_SH) != 0 {
                        guard errno == EINTR else {
                            throw StoreError.invalid("the body folder \(directory) could not be locked: \(String(cString: strerror(errno)))")
                        }
                    }
                    holdingPending = true
                }
                mark()
            }
        }
    }

    /// Under `lock`: lets the pending lock go once nothing is pending.
    private func releasePendingIfIdle() {
        guard holdingPending, holds == 0, !appendedSinceCommit else { return }
        flock(pendingDescriptor, LOCK_UN)
        holdingPending = false
    }

    private func withAppendLock<T>(_ body: () throws -> T) throws -> T {
        try lock.withLock {
            while flock(lockDescriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    throw StoreError.invalid("the body folder \(directory) could not be locked: \(String(cString: strerror(errno)))")
                }
            }
            defer { flock(lockDescriptor, LOCK_UN) }
            return try body()
        }
    }

    /// Keeps `writer` on the newest pack (another process may have started one) and
    /// starts a new pack when that one is full.
    /// A pack another process compacted away may still be open here (unlinked): then
    /// the folder is looked at again, as the next pack's name may be gone too.
    private func chooseWriter() throws {
        if let writer {
            var info = stat()
            let linked = fstat(writer.descriptor, &info) == 0 && info.st_nlink > 0
            if linked, access(path(ofPack: writer.number + 1), F_OK) != 0 {
                if Int64(info.st_size) < packLimit { return }
                try openWriter(writer.number + 1)
                return
            }
        }
        let newest = packs().last
        if let newest, newest.size < packLimit {
            try openWriter(newest.number)
        } else {
            try openWriter((newest?.number ?? 0) + 1)
        }
    }

    private func openWriter(_ number: Int64) throws {
        let path = path(ofPack: number)
        let existed = access(path, F_OK) == 0
        let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError.invalid("the body pack \(path) could not be opened: \(String(cString: strerror(errno)))")
        }
        if let writer {
            // Bytes already written to the old pack must still be synced before commit.
            if !unsynced.contains(writer.descriptor) { close(writer.descriptor) }
        }
        writer = (number, descriptor)
        if !existed {
            // The new file's name must survive a crash as well as its bytes.
            let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folder >= 0 { fsync(folder); close(folder) }
        }
    }

    private static func write(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32, at offset: Int64, path: String) throws {
        var done = 0
        while done < buffer.count {
            let wrote = pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + Int64(done)))
            if wrote < 0, errno == EINTR { continue }
            guard wrote > 0 else {
                if [ENOSPC, EDQUOT, EFBIG].contains(errno) { throw diskFull(path: path, reason: String(cString: strerror(errno))) }
                throw StoreError.invalid("message bytes could not be written to \(path): \(String(cString: strerror(errno)))")
            }
            done += wrote
        }
    }

    private static func diskFull(path: String, reason: String) -> StoreError {
        StoreError.invalid("the disk is full: message bytes could not be written to \(path) (\(reason)); free some space and sync again")
    }

    // MARK: - Reading

    /// One body's pack, open for reading: a pack removed after this opened it stays readable.
    private final class Reader {
        let location: Location
        let path: String
        let descriptor: Int32

        init(_ packs: BodyPacks, _ location: Location) throws {
            self.location = location
            path = packs.path(ofPack: location.pack)
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                if errno == ENOENT { throw BodyPackError.gone(pack: location.pack) }
                throw StoreError.invalid("the body pack \(path) could not be opened: \(String(cString: strerror(errno)))")
            }
        }

        deinit { close(descriptor) }

        /// Fills `buffer` with the body's bytes from `start` on.
        func read(at start: Int64, into buffer: UnsafeMutableRawBufferPointer) throws {
            var done = 0
            while done < buffer.count {
                let got = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(location.offset + start + Int64(done)))
                if got < 0, errno == EINTR { continue }
                guard got > 0 else {
                    throw StoreError.invalid("a message's bytes are missing from \(path) (offset \(location.offset), \(location.length) bytes): the pack was cut short or changed outside Merle")
                }
                done += got
            }
        }
    }
}

/// A pack was removed (compacted) after its location was read: read the location again.
enum BodyPackError: Error {
    case gone(pack: Int64)
}
