import Foundation
import MailStore

/// A store in a fresh temporary folder, removed when the value goes away: the one
/// temporary-store fixture of the tests. The store lives in `dataDirectory`, a folder
/// the store makes itself (so its permissions are the store's own).
public final class ScratchStore {
    /// The temporary folder, removed at the end.
    public let directory: String
    /// The data folder inside it: `merle.sqlite` and `merle-bodies/`.
    public let dataDirectory: String
    public let store: MailStore

    /// `bodyPackLimit`: the size at which a body pack stops growing (small in tests of packs).
    public init(bodyPackLimit: Int64 = 1 << 30) throws {
        directory = NSTemporaryDirectory() + "merle-test-" + UUID().uuidString
        dataDirectory = directory + "/data"
        store = try MailStore(path: MailStore.defaultPath(dataDirectory: dataDirectory), bodyPackLimit: bodyPackLimit)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
