import Foundation
import GRDB

/// Gives back the space of deleted messages' bodies: packs only grow, so a pack that is
/// mostly dead bytes has its live bodies copied to the newest pack and is removed.
extension MailStore {
    /// What a compaction did.
    public struct BodyCompaction: Sendable, Equatable {
        /// Packs removed.
        public var packsRemoved = 0
        /// Bytes of disk given back (the removed packs' sizes less what moved).
        public var bytesFreed: Int64 = 0
        /// Live bytes copied to the newest pack.
        public var bytesMoved: Int64 = 0
    }

    /// How much of the packs is dead (deleted messages' bytes, or bytes a crash left
    /// unreferenced), in bytes.
    public func deadBodyBytes() throws -> Int64 {
        let live = try liveBytesByPack()
        return bodies.packs().reduce(0) { $0 + $1.size - (live[$1.number] ?? 0) }
    }

    /// Compacts every pack at least half dead and holding at least `minimumWaste` dead
    /// bytes, once at least that many bytes of bodies were deleted since the last look.
    /// Moves at most 32 MB per transaction, so other writers wait briefly; a pack still
    /// referenced at the end (a copy made meanwhile), or holding bytes another process
    /// has yet to commit rows for, stays for the next time. `progress` hears the live
    /// bytes moved so far and in all.
    @discardableResult
    public func compactBodyPacks(minimumWaste: Int64 = 64 << 20,
                                 progress: (_ moved: Int64, _ total: Int64) -> Void = { _, _ in }) throws -> BodyCompaction {
        var result = BodyCompaction()
        let deleted = try database.read { db in try Int64.fetchOne(db, sql: "SELECT bytes FROM body_pack_waste") ?? 0 }
        guard deleted >= minimumWaste else { return result }
        try database.write { db in try db.execute(sql: "UPDATE body_pack_waste SET bytes = 0") }
        do {
            try compact(minimumWaste: minimumWaste, into: &result, progress: progress)
        } catch {
            // Interrupted: the next sync looks again.
            try? database.write { db in try db.execute(sql: "UPDATE body_pack_waste SET bytes = bytes + ?", arguments: [deleted]) }
            throw error
        }
        return result
    }

    private func compact(minimumWaste: Int64, into result: inout BodyCompaction, progress: (Int64, Int64) -> Void) throws {
        let live = try liveBytesByPack()
        let packs = bodies.packs()
        let waste = Dictionary(uniqueKeysWithValues: packs.map { ($0.number, $0.size - (live[$0.number] ?? 0)) })
        let chosen = packs.filter { waste[$0.number]! >= minimumWaste && waste[$0.number]! * 2 >= $0.size }
        let total = chosen.reduce(0) { $0 + (live[$1.number] ?? 0) }
        var movedSoFar: Int64 = 0
        for pack in chosen {
            // The newest pack takes appends: start another so this one stops growing.
            if pack.number == packs.last?.number { try bodies.startNewPack() }
            let moved = try moveBodies(outOf: pack.number) { progress(movedSoFar + $0, total) }
            movedSoFar += moved
            let removed = try bodies.removePackIfUnreferenced(pack.number) {
                try database.read { db in
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM message_body WHERE pack = ?", arguments: [pack.number]) == 0
                }
            }
            guard removed else {
                // Kept for now (another process's bytes wait for their rows): look again next time.
                try database.write { db in try db.execute(sql: "UPDATE body_pack_waste SET bytes = bytes + ?", arguments: [waste[pack.number]!]) }
                continue
            }
            result.packsRemoved += 1
            result.bytesMoved += moved
            result.bytesFreed += pack.size - moved
        }
    }

    /// Live bytes per pack, a body shared by copies counted once.
    private func liveBytesByPack() throws -> [Int64: Int64] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT pack, sum(pack_length) FROM
                  (SELECT DISTINCT pack, pack_offset, pack_length FROM message_body WHERE pack IS NOT NULL)
                GROUP BY pack
                """)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as Int64, $0[1] as Int64) })
        }
    }

    /// Copies the bodies still in `pack` to the newest pack and points their rows (all
    /// copies sharing one) at the new place; returns the bytes moved.
    private func moveBodies(outOf pack: Int64, progress: (Int64) -> Void) throws -> Int64 {
        var moved: Int64 = 0
        while true {
            let batch = try database.write { db -> (bodies: Int, bytes: Int64) in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT DISTINCT pack_offset, pack_length FROM message_body WHERE pack = ? ORDER BY pack_offset LIMIT 512
                    """, arguments: [pack])
                var bytes: Int64 = 0
                var count = 0
                for row in rows where bytes < 32 << 20 {
                    let old = BodyPacks.Location(pack: pack, offset: row[0], length: row[1])
                    let new = try bodies.copy(old)
                    try db.execute(sql: """
                        UPDATE message_body SET pack = ?, pack_offset = ?, pack_length = ? WHERE pack = ? AND pack_offset = ? AND pack_length = ?
                        """, arguments: [new.pack, new.offset, new.length, old.pack, old.offset, old.length])
                    bytes += old.length
                    count += 1
                }
                return (count, bytes)
            }
            guard batch.bodies > 0 else { return moved }
            moved += batch.bytes
            progress(moved)
        }
    }
}
