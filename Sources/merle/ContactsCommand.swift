import ArgumentParser
import Foundation
import MailMessage
import MailStore
import MerleConfig
import SyncEngine

/// `merle contacts [QUERY]` and `merle contacts import FILE...`: the address book.
struct ContactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "The address book: people written to, senders, imported vCards and address_book_command.",
        subcommands: [List.self, Import.self], defaultSubcommand: List.self)

    /// `merle contacts [QUERY]`: one line per address, merged from every source.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the addresses whose address or name contains QUERY (all without one), best first.",
            discussion: """
                Each line is ADDRESS<TAB>NAME<TAB>WHERE FROM, the format of mutt's query_command, so merle \
                contacts can serve other programs too. The address_book_command of every account (or of \
                --account) is asked as well; one that fails is reported after the rest, with status 1.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Part of an address or a name, in any case, accents or not.") var query: String?
        @Option(help: "Ask only this account's address_book_command.", completion: .custom(CompletionNames.accounts)) var account: String?
        @Flag(help: "One JSON object per line.") var json = false

        func run() throws {
            try runReportingFailure {
                let store = try global.openStore()
                let book = AddressBook(store: store)
                let (contacts, failures) = try book.contacts(matching: query ?? "", commands: try commands())
                for contact in contacts {
                    if json {
                        try JSONLines.write(Line(contact))
                    } else {
                        print([contact.address, contact.name, Self.sources(contact)].map(TerminalText.oneLine).joined(separator: "\t"))
                    }
                }
                if !failures.isEmpty {
                    throw ContactsFailure(failures.map(\.description).joined(separator: "; "))
                }
            }
        }

        /// The commands to ask: the account's, or every account's and the general one, each once.
        private func commands() throws -> [String] {
            let configuration: MerleConfiguration
            do {
                configuration = try global.loadConfiguration()
            } catch is MissingConfigError {
                // No config: the store's addresses are the address book.
                guard account == nil else { throw ContactsFailure("there is no config file, so no account \"\(account!)\"; write one first") }
                return []
            }
            let candidates = try account.map { [try configuration.chosenAccounts($0)[0].addressBookCommand] }
                ?? [configuration.general.addressBookCommand] + configuration.accounts.map(\.addressBookCommand)
            var seen = Set<String>()
            return candidates.compactMap { $0 }.filter { seen.insert($0).inserted }
        }

        /// "seen 3, written 1, vCard, address_book_command".
        static func sources(_ contact: AddressBook.Contact) -> String {
            var words: [String] = []
            if contact.seen > 0 { words.append("seen \(contact.seen)") }
            if contact.written > 0 { words.append("written \(contact.written)") }
            if contact.imported { words.append("vCard") }
            if contact.foundByCommand { words.append("address_book_command") }
            return words.joined(separator: ", ")
        }

        /// The JSON shape of one address.
        struct Line: Encodable {
            var address: String
            var name: String
            var seen: Int
            var written: Int
            var imported: Bool
            var foundByCommand: Bool

            init(_ contact: AddressBook.Contact) {
                address = contact.address
                name = contact.name
                seen = contact.seen
                written = contact.written
                imported = contact.imported
                foundByCommand = contact.foundByCommand
            }

            enum CodingKeys: String, CodingKey {
                case address, name, seen, written, imported
                case foundByCommand = "found_by_command"
            }
        }
    }

    /// `merle contacts import FILE...`: vCards into the address book.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Import the addresses of vCard files (.vcf: 2.1, 3.0 or 4.0), or of every .vcf in a folder (a khard or vdirsyncer vdir); importing again adds nothing.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "vCard files or folders of them.", completion: .file()) var files: [String]

        func run() throws {
            try runReportingFailure {
                var cards: [VCard] = []
                for path in try Self.vCardFiles(files) {
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw ContactsFailure("cannot read \(path); check that it exists and that you may read it")
                    }
                    let found = VCardParser.parse([UInt8](data))
                    guard !found.isEmpty else {
                        throw ContactsFailure("\(path) holds no vCard (no BEGIN:VCARD line); export the address book as vCard (.vcf) and import that")
                    }
                    cards += found
                }
                let addresses = cards.flatMap(\.addresses)
                let outcome = try global.openStore().importContacts(addresses)
                let skipped = cards.filter(\.emails.isEmpty).count
                print("Imported \(Self.count(addresses.count, "address", "addresses")) from \(Self.count(cards.count, "card", "cards")): "
                      + "\(outcome.added) new, \(outcome.renamed) renamed, \(outcome.unchanged) already there."
                      + (skipped > 0 ? " \(Self.count(skipped, "card", "cards")) without an address skipped." : ""))
            }
        }

        /// The files named, with each folder replaced by the .vcf files in it, in name order.
        static func vCardFiles(_ paths: [String]) throws -> [String] {
            try paths.flatMap { path -> [String] in
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                    throw ContactsFailure("\(path) does not exist; give a vCard file (.vcf) or a folder of them")
                }
                guard isFolder.boolValue else { return [path] }
                let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.lowercased().hasSuffix(".vcf") }.sorted()
                guard !names.isEmpty else { throw ContactsFailure("the folder \(path) holds no .vcf file") }
                return names.map { (path as NSString).appendingPathComponent($0) }
            }
        }

        static func count(_ number: Int, _ one: String, _ many: String) -> String {
            "\(number) \(number == 1 ? one : many)"
        }
    }

    typealias ContactsFailure = CommandError
}
