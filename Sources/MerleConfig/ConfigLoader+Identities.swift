import Foundation
import MailMessage
import TOMLKit

/// Identities, signatures, Reply-To and `alternates`: who the user writes as.
extension ConfigLoader {
    /// Keys of an `[[account.identity]]` table.
    static let identityKeys = ["email", "name", "signature", "signature_file", "signature_command", "sent_folder", "reply_to"]

    /// `[[account.identity]]` tables: more addresses of the account to write from.
    static func parseIdentities(_ account: TOMLTable, path: String, accountEmail: String, reader: TableReader) throws -> [Identity] {
        guard let value = account["identity"] else { return [] }
        guard let array = value.array else {
            throw reader.error("\(path).identity", problem: "`identity` must be an array of tables",
                               fix: "write each one as [[account.identity]] (two brackets) with email = \"…\"")
        }
        var identities: [Identity] = []
        var seen = [Address(mailbox: accountEmail).normalizedMailbox]
        for index in 0..<array.count {
            let identityPath = "\(path).identity[\(index)]"
            guard let table = array[index].table else {
                throw reader.error(identityPath, problem: "an identity must be a table", fix: "write it as [[account.identity]]")
            }
            try reader.checkKeys(table, path: identityPath, allowed: identityKeys)
            let email = try reader.requiredString(table, "email", path: identityPath, example: "email = \"alice@lists.example.org\"")
            guard looksLikeAddress(email) else {
                throw reader.error("\(identityPath).email", problem: "\"\(email)\" is not an email address",
                                   fix: "write it as email = \"alice@example.org\"")
            }
            let normalized = Address(mailbox: email).normalizedMailbox
            guard !seen.contains(normalized) else {
                throw reader.error("\(identityPath).email", problem: "\(email) is already an identity of this account",
                                   fix: "give each identity its own address (the account's email is its first identity)")
            }
            seen.append(normalized)
            let name = try oneLine(table, "name", path: identityPath, reader: reader)
            identities.append(Identity(email: email, name: name,
                                       signature: try parseSignature(table, path: identityPath, reader: reader),
                                       sentFolder: try oneLine(table, "sent_folder", path: identityPath, reader: reader),
                                       replyTo: try parseReplyTo(table, path: identityPath, reader: reader)))
        }
        return identities
    }

    /// `signature`, `signature_file` or `signature_command`: at most one of them.
    static func parseSignature(_ table: TOMLTable, path: String, reader: TableReader) throws -> SignatureSource? {
        var found: [(String, SignatureSource)] = []
        if let text = try reader.string(table, "signature", path: path) { found.append(("signature", .text(text))) }
        if let file = try reader.string(table, "signature_file", path: path) {
            guard !file.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw reader.error("\(path).signature_file", problem: "signature_file is empty", fix: "name a file, e.g. signature_file = \"~/.signature\"")
            }
            found.append(("signature_file", .file((file as NSString).expandingTildeInPath)))
        }
        if let command = try reader.string(table, "signature_command", path: path) {
            guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw reader.error("\(path).signature_command", problem: "signature_command is empty", fix: "write a command, e.g. signature_command = \"fortune -s\"")
            }
            found.append(("signature_command", .command(command)))
        }
        guard found.count <= 1 else {
            throw reader.error("\(path).\(found[1].0)", problem: "\(found.map(\.0).joined(separator: " and ")) are both given",
                               fix: "keep one: the text itself, a file, or a command whose output is the signature")
        }
        return found.first?.1
    }

    /// `reply_to = "list-replies@example.org"` (one address or a comma list).
    static func parseReplyTo(_ table: TOMLTable, path: String, reader: TableReader) throws -> [Address] {
        guard let text = try oneLine(table, "reply_to", path: path, reader: reader) else { return [] }
        let addresses = AddressParser.parseList(text).addresses
        guard !addresses.isEmpty, addresses.allSatisfy({ looksLikeAddress($0.mailbox) }) else {
            throw reader.error("\(path).reply_to", problem: "reply_to = \"\(text)\" is not a list of addresses",
                               fix: "write e.g. reply_to = \"Alice <alice@example.org>\"")
        }
        return addresses
    }

    /// `alternates = ["alice+*@example.org", "*@alice.example"]`: address globs.
    static func parseAlternates(_ table: TOMLTable, path: String, reader: TableReader) throws -> [String] {
        guard let value = table["alternates"] else { return [] }
        let example = "write alternates = [\"alice+*@example.org\", \"*@alice.example\"] (* is any run of characters, ? one)"
        guard let array = value.array else {
            throw reader.error("\(path).alternates", problem: "`alternates` must be a list of address patterns, not \(value.type)", fix: example)
        }
        var patterns: [String] = []
        for index in 0..<array.count {
            guard let pattern = array[index].string, !pattern.isEmpty, pattern.contains("@"),
                  !pattern.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "<" || $0 == ">" || $0 == "," }) else {
                throw reader.error("\(path).alternates", problem: "`alternates` holds something that is not an address pattern", fix: example)
            }
            patterns.append(pattern)
        }
        return patterns
    }

    /// A string that must stay on one line (it becomes a header or a folder name).
    static func oneLine(_ table: TOMLTable, _ key: String, path: String, reader: TableReader) throws -> String? {
        guard let text = try reader.string(table, key, path: path) else { return nil }
        if text.contains(where: { $0.isNewline || $0 == "\0" }) {
            throw reader.error("\(path).\(key)", problem: "\(key) contains a line break", fix: "keep it on one line")
        }
        return text
    }

    /// `html_viewer` in `[general]` or an account.
    static func parseHTMLViewer(_ table: TOMLTable, path: String, reader: TableReader) throws -> HTMLViewer? {
        guard let text = try reader.string(table, "html_viewer", path: path) else { return nil }
        guard let viewer = HTMLViewer(text) else {
            throw reader.error("\(path).html_viewer", problem: "html_viewer is empty",
                               fix: "write \"builtin\", \"mailcap\" or a command such as \"w3m -dump -T text/html\"")
        }
        return viewer
    }
}
