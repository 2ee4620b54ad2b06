import Foundation

/// The messages of one Maildir (its `cur/` and `new/`; `tmp/` holds deliveries not
/// finished and is left alone), oldest delivery first, each with the flags its name
/// says and its file's modification time, which Dovecot and mbsync (`CopyArrivalDate`)
/// keep as the IMAP internal date.
struct MaildirReader {
    struct Entry: Equatable {
        var path: String
        var fileName: String
        var flags: [String]
        var modified: Date?
    }

    /// Lists the Maildir at `path`; sub-folders (Maildir++ `.Name`) are not entered.
    static func entries(_ path: String) throws -> [Entry] {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path + "/cur", isDirectory: &isFolder), isFolder.boolValue,
              manager.fileExists(atPath: path + "/new", isDirectory: &isFolder), isFolder.boolValue else {
            throw TransferError.notAMaildir(path)
        }
        var entries: [Entry] = []
        for folder in ["new", "cur"] {
            let directory = path + "/" + folder
            let names: [String]
            do {
                names = try manager.contentsOfDirectory(atPath: directory)
            } catch {
                throw TransferError.cannotRead(directory)
            }
            for name in names where !name.hasPrefix(".") {
                let file = directory + "/" + name
                let attributes = try? manager.attributesOfItem(atPath: file)
                guard attributes?[.type] as? FileAttributeType == .typeRegular else { continue }
                // A message in new/ has not been seen by any reader: no flags.
                entries.append(Entry(path: file, fileName: name, flags: folder == "new" ? [] : MaildirFlags.flags(fileName: name),
                                     modified: attributes?[.modificationDate] as? Date))
            }
        }
        return entries.sorted(by: deliveryOrder)
    }

    /// Delivery order: by the time a name starts with, then mbsync's `,U=` (the UID the
    /// message had on its server), then the name.
    static func deliveryOrder(_ left: Entry, _ right: Entry) -> Bool {
        let (l, r) = (sortKey(left.fileName), sortKey(right.fileName))
        if l.time != r.time { return l.time < r.time }
        if l.uid != r.uid { return l.uid < r.uid }
        return left.fileName < right.fileName
    }

    private static func sortKey(_ name: String) -> (time: Int, uid: Int) {
        let time = Int(name.prefix { $0.isNumber }) ?? Int.max
        var uid = Int.max
        let base = MaildirFlags.baseName(name)
        if let range = base.range(of: ",U=") {
            uid = Int(base[range.upperBound...].prefix { $0.isNumber }) ?? Int.max
        }
        return (time, uid)
    }
}
