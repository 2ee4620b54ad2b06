import Dispatch
import Foundation
import MailMessage
import MailStore
import MerleConfig

/// Addresses for the To, Cc and Bcc of a message being written: the store's (people
/// written to, the imported address book, senders of stored mail; `suggestAddresses`)
/// merged with an `address_book_command`'s matches.
///
/// The command runs on a thread of its own and completion waits for it at most
/// `patience` (1 s): a slow one (khard starts Python) never holds the reader longer; what
/// it answers later is remembered, so the next Tab on the same word has it. Answers are
/// remembered per command and word for `freshness` (10 min), a failure for a minute,
/// and a word asked again while its command still runs waits for that run instead of
/// starting another. Thread-safe.
public final class AddressBook: @unchecked Sendable {
    public let store: MailStore
    /// How long a completion waits for the command before it answers without it.
    public var patience: Double = 1
    /// How long the command may run at all.
    public var timeout: Double = 10
    /// How long an answer is used before the command is asked again.
    public var freshness: TimeInterval = 600
    /// How long a failure (a timeout, a missing program) keeps the command from being asked.
    public var failureFreshness: TimeInterval = 60

    private let lock = NSLock()
    private var lookups: [Key: Lookup] = [:]

    private struct Key: Hashable {
        var command: String
        var query: String
    }

    /// One run of the command for one word; `matches` is set before `done` is left.
    private final class Lookup: @unchecked Sendable {
        let done = DispatchGroup()
        var matches: [Address] = []
        var failure: AddressBookCommand.Failure?
        var finishedAt: Date?
    }

    public init(store: MailStore) {
        self.store = store
    }

    /// Candidates for `prefix`: the store's best first (up to `limit`), then the command's
    /// matches it did not have (up to `limit` more). A name the store lacks is taken
    /// from the command. Never waits more than `patience` for the command.
    public func suggestions(prefix: String, command: String?, limit: Int = 8) -> [MailStore.AddressSuggestion] {
        var suggestions = (try? store.suggestAddresses(prefix: prefix, limit: limit)) ?? []
        guard let command, !prefix.trimmingCharacters(in: .whitespaces).isEmpty else { return suggestions }
        let lookup = start(command: command, query: prefix)
        guard lookup.done.wait(timeout: .now() + patience) == .success else { return suggestions }
        var known = Dictionary(suggestions.enumerated().map { ($1.address.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var added = 0
        for match in lookup.matches {
            let key = match.mailbox.lowercased()
            if let index = known[key] {
                if suggestions[index].name.isEmpty { suggestions[index].name = match.name ?? "" }
            } else if added < limit {
                known[key] = suggestions.count
                suggestions.append(MailStore.AddressSuggestion(name: match.name ?? "", address: match.mailbox))
                added += 1
            }
        }
        return suggestions
    }

    /// One address of `merle contacts`: what the store knows and whether a command found it.
    public struct Contact: Sendable, Equatable {
        public var address: String
        public var name: String
        /// Messages from it in the store.
        public var seen: Int
        /// Messages written to it.
        public var written: Int
        /// Whether an imported vCard holds it.
        public var imported: Bool
        /// Whether an `address_book_command` found it.
        public var foundByCommand: Bool

        public init(address: String, name: String, seen: Int = 0, written: Int = 0, imported: Bool = false, foundByCommand: Bool = false) {
            self.address = address
            self.name = name
            self.seen = seen
            self.written = written
            self.imported = imported
            self.foundByCommand = foundByCommand
        }
    }

    /// Every address matching `query` (all when empty), merged by address: the store's
    /// (`addressBook(matching:)`, best first), then what each command found that the store
    /// does not have, in the command's order. Each command runs once, waiting up to
    /// `timeout`, its errors shown (`quiet` false); its failure is returned with the
    /// rest, so one broken command hides nothing else.
    public func contacts(matching query: String, commands: [String], timeout: Double = 30,
                         quiet: Bool = false) throws -> (contacts: [Contact], failures: [AddressBookCommand.Failure]) {
        var contacts = try store.addressBook(matching: query).map {
            Contact(address: $0.address, name: $0.name, seen: $0.seen, written: $0.written, imported: $0.imported)
        }
        var known = Dictionary(contacts.enumerated().map { ($1.address.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var failures: [AddressBookCommand.Failure] = []
        for command in commands {
            let matches: [Address]
            do {
                matches = try AddressBookCommand.query(command, for: query, timeout: timeout, quiet: quiet)
            } catch let failure as AddressBookCommand.Failure {
                failures.append(failure)
                continue
            }
            for match in matches {
                let key = match.mailbox.lowercased()
                if let index = known[key] {
                    contacts[index].foundByCommand = true
                    if contacts[index].name.isEmpty { contacts[index].name = match.name ?? "" }
                } else {
                    known[key] = contacts.count
                    contacts.append(Contact(address: match.mailbox, name: match.name ?? "", foundByCommand: true))
                }
            }
        }
        return (contacts, failures)
    }

    /// The run for this word: a fresh answer or one under way, else a new run.
    private func start(command: String, query: String) -> Lookup {
        let key = Key(command: command, query: query.trimmingCharacters(in: .whitespaces).lowercased())
        let (lookup, isNew): (Lookup, Bool) = lock.withLock {
            if let existing = lookups[key] {
                guard let finished = existing.finishedAt else { return (existing, false) }
                let keep = existing.failure == nil ? freshness : failureFreshness
                if Date().timeIntervalSince(finished) < keep { return (existing, false) }
            }
            let lookup = Lookup()
            lookup.done.enter()
            lookups[key] = lookup
            return (lookup, true)
        }
        guard isNew else { return lookup }
        let timeout = timeout
        DispatchQueue.global(qos: .userInitiated).async {
            do {
                lookup.matches = try AddressBookCommand.query(command, for: key.query, timeout: timeout, quiet: true)
            } catch let failure as AddressBookCommand.Failure {
                lookup.failure = failure
            } catch {
                lookup.failure = AddressBookCommand.Failure(command: command, reason: "failed: \(error)")
            }
            self.lock.withLock { lookup.finishedAt = Date() }
            lookup.done.leave()
        }
        return lookup
    }
}
