import Foundation
@testable import MailStore

/// A store in a fresh temporary folder, removed when the test's value goes away.
final class TemporaryStore {
    let directory: String
    let store: MailStore

    init() throws {
        directory = NSTemporaryDirectory() + "merle-store-test-" + UUID().uuidString
        store = try MailStore(path: directory + "/data/merle.sqlite")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
