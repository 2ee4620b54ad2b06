/// Writes commands as bytes (RFC 9051 §6 grammar), strict in what it sends.
public struct CommandEncoder: Sendable {
    public var options: CommandEncodingOptions

    public init(options: CommandEncodingOptions = CommandEncodingOptions()) {
        self.options = options
    }

    /// `DONE`, which ends IDLE (RFC 2177); it has no tag.
    public static let idleDone: [UInt8] = Array("DONE\r\n".utf8)

    // command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF
    public func encode(_ command: Command, tag: String) throws -> EncodedCommand {
        var writer = CommandWriter(options: options)
        try writer.appendAtom(tag)
        writer.append(" ")
        try encodeBody(command, into: &writer)
        return EncodedCommand(tag: tag, chunks: writer.finish())
    }

    private func encodeBody(_ command: Command, into writer: inout CommandWriter) throws {
        switch command {
        case .capability, .noop, .logout, .startTLS, .expunge, .close, .unselect, .idle, .compressDeflate:
            writer.append(command.name)
        case let .login(user, password):
            writer.append("LOGIN ")
            try writer.appendAString(Array(user.utf8))
            writer.append(" ")
            try writer.appendAString(Array(password.utf8))
        case let .authenticate(mechanism, initialResponse):
            writer.append("AUTHENTICATE ")
            try writer.appendAtom(mechanism)
            if let initialResponse {
                // RFC 4959: an empty initial response is sent as "=".
                writer.append(" " + (initialResponse.isEmpty ? "=" : Base64.encode(initialResponse)))
            }
        case let .enable(capabilities):
            writer.append("ENABLE")
            for capability in capabilities {
                writer.append(" ")
                try writer.appendAtom(capability.rawValue)
            }
        case let .id(fields):
            writer.append("ID ")
            guard let fields else {
                writer.append("NIL")
                return
            }
            writer.appendList(fields) { writer, field in
                writer.appendString(Array(field.key.utf8))
                writer.append(" ")
                if let value = field.value { writer.appendString(Array(value.utf8)) } else { writer.append("NIL") }
            }
        case let .list(reference, pattern, selectOptions, returnOptions):
            writer.append("LIST ")
            if !selectOptions.isEmpty {
                try writer.appendList(selectOptions) { writer, option in try writer.appendAtom(option) }
                writer.append(" ")
            }
            if reference.name.isEmpty { writer.append("\"\"") } else { try writer.appendMailbox(reference) }
            writer.append(" ")
            try writer.appendListPattern(pattern)
            if !returnOptions.isEmpty {
                writer.append(" RETURN ")
                writer.appendList(returnOptions) { writer, option in
                    switch option {
                    case .subscribed: writer.append("SUBSCRIBED")
                    case .children: writer.append("CHILDREN")
                    case .specialUse: writer.append("SPECIAL-USE")
                    case let .status(attributes): writer.append("STATUS (" + attributes.map(\.rawValue).joined(separator: " ") + ")")
                    }
                }
            }
        case let .lsub(reference, pattern):
            writer.append("LSUB ")
            if reference.name.isEmpty { writer.append("\"\"") } else { try writer.appendMailbox(reference) }
            writer.append(" ")
            try writer.appendListPattern(pattern)
        case let .status(mailbox, attributes):
            writer.append("STATUS ")
            try writer.appendMailbox(mailbox)
            writer.append(" (" + attributes.map(\.rawValue).joined(separator: " ") + ")")
        case let .select(mailbox, parameters), let .examine(mailbox, parameters):
            writer.append(command.name + " ")
            try writer.appendMailbox(mailbox)
            if !parameters.isEmpty {
                writer.append(" ")
                writer.appendList(parameters) { writer, parameter in
                    switch parameter {
                    case .condStore: writer.append("CONDSTORE")
                    case let .qresync(validity, modSeq, knownUIDs):
                        writer.append("QRESYNC (\(validity) \(modSeq)" + (knownUIDs.map { " \($0)" } ?? "") + ")")
                    }
                }
            }
        case let .create(mailbox), let .delete(mailbox), let .subscribe(mailbox), let .unsubscribe(mailbox):
            writer.append(command.name + " ")
            try writer.appendMailbox(mailbox)
        case let .rename(from, to):
            writer.append("RENAME ")
            try writer.appendMailbox(from)
            writer.append(" ")
            try writer.appendMailbox(to)
        case let .append(mailbox, flags, date, message):
            writer.append("APPEND ")
            try writer.appendMailbox(mailbox)
            if !flags.isEmpty {
                writer.append(" ")
                try writer.appendFlags(flags)
            }
            if let date { writer.append(" \"\(date)\"") }
            writer.append(" ")
            writer.appendLiteral(message)
        case let .fetch(set, items, changedSince):
            writer.append("FETCH \(set) ")
            try encodeFetchItems(items, into: &writer)
            if let changedSince { writer.append(" (CHANGEDSINCE \(changedSince))") }
        case let .uidFetch(set, items, changedSince, vanished):
            writer.append("UID FETCH \(set) ")
            try encodeFetchItems(items, into: &writer)
            if let changedSince { writer.append(" (CHANGEDSINCE \(changedSince)" + (vanished ? " VANISHED)" : ")")) }
        case let .uidSearch(keys, returnOptions):
            writer.append("UID SEARCH")
            if !returnOptions.isEmpty {
                writer.append(" RETURN ")
                try writer.appendList(returnOptions) { writer, option in try writer.appendAtom(option) }
            }
            if keys.contains(where: \.hasNonASCIIText) { writer.append(" CHARSET UTF-8") }
            for key in keys.isEmpty ? [.all] : keys {
                writer.append(" ")
                try key.encode(into: &writer)
            }
        case let .uidStore(set, operation, unchangedSince):
            writer.append("UID STORE \(set) ")
            if let unchangedSince { writer.append("(UNCHANGEDSINCE \(unchangedSince)) ") }
            writer.append(operation.kind.rawValue + (operation.silent ? ".SILENT " : " "))
            try writer.appendFlags(operation.flags)
        case let .uidCopy(set, mailbox), let .uidMove(set, mailbox):
            writer.append(command.name + " \(set) ")
            try writer.appendMailbox(mailbox)
        case let .uidExpunge(set):
            writer.append("UID EXPUNGE \(set)")
        }
    }

    private func encodeFetchItems(_ items: [FetchItem], into writer: inout CommandWriter) throws {
        try writer.appendList(items) { writer, item in try item.encode(into: &writer) }
    }
}
