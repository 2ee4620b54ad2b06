import Foundation

/// Showing one piece of data (an attachment, an HTML body) with a mailcap entry: the
/// data written to a private file when the entry names one (`%s`, under its
/// `nametemplate`), else given on standard input, and the command line filled in
/// (`MailcapCommand`). `remove()` deletes the file and its folder afterwards.
public struct MailcapView: Sendable {
    public let entry: Mailcap.Entry
    public let command: MailcapCommand
    /// The data for standard input (entries without `%s`).
    public let input: [UInt8]?
    /// The private folder holding the file, when there is one.
    public let folder: String?

    /// Prepares `entry` for `data` of `mediaType`, named `name` in the message. With
    /// `onTerminal` (the program gets the terminal, so its standard input is the
    /// terminal) an entry that reads standard input reads the file instead (`< file`).
    public init(entry: Mailcap.Entry, data: [UInt8], name: String, mediaType: String, parameters: [String: String] = [:],
                onTerminal: Bool = false) throws {
        self.entry = entry
        let probe = MailcapCommand(template: entry.command, file: "", mediaType: mediaType, parameters: parameters)
        if probe.readsStandardInput, !onTerminal {
            command = probe
            input = data
            folder = nil
            return
        }
        let folder = try MailcapCommand.privateFolder()
        let file = folder + "/" + MailcapCommand.fileName(for: name, template: entry.fields["nametemplate"])
        guard FileManager.default.createFile(atPath: file, contents: Data(data), attributes: [.posixPermissions: 0o600]) else {
            try? FileManager.default.removeItem(atPath: folder)
            throw MailcapError("cannot write \(file) for the viewer; check the temporary folder")
        }
        self.folder = folder
        var filled = MailcapCommand(template: entry.command, file: file, mediaType: mediaType, parameters: parameters)
        if probe.readsStandardInput {
            filled.line += " < " + MailcapCommand.safePath(file)
            filled.readsStandardInput = false
        }
        command = filled
        input = nil
    }

    /// Deletes the private file and folder.
    public func remove() {
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// The entry's `test` command (RFC 1524 section 3.2.3), its fields filled in the same
    /// way, run for at most 5 seconds: true when it exits 0 or there is none.
    public func passesTest(mediaType: String, parameters: [String: String] = [:]) -> Bool {
        guard let test = entry.fields["test"] else { return true }
        var file = ""
        if let folder, let name = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.first {
            file = folder + "/" + name
        }
        let line = MailcapCommand(template: test, file: file, mediaType: mediaType, parameters: parameters).line
        return (try? ShellOutput.run(line, timeout: 5).status) == 0
    }

    /// Runs a `copiousoutput` entry and returns what it printed (its errors too, when it
    /// fails); at most `timeout` seconds.
    public func output(timeout: Double = 30) throws -> (text: String, status: Int32) {
        do {
            let result = try ShellOutput.run(command.line, input: input ?? [], mergingErrors: true, timeout: timeout, outputLimit: 16 << 20)
            return (String(decoding: result.output, as: UTF8.self), result.status)
        } catch let failure as ShellOutput.Failure {
            throw MailcapError("the viewer \(command.line) \(failure.reason)")
        }
    }

    /// The first entry of `mailcap` for `mediaType` whose test passes, prepared for `data`.
    public static func first(in mailcap: Mailcap, for mediaType: String, data: [UInt8], name: String, parameters: [String: String] = [:],
                             copiousOutput: Bool = false) throws -> MailcapView? {
        for entry in mailcap.entries where entry.matches(mediaType) && (!copiousOutput || entry.copiousOutput) {
            let view = try MailcapView(entry: entry, data: data, name: name, mediaType: mediaType, parameters: parameters,
                                       onTerminal: !entry.copiousOutput)
            if view.passesTest(mediaType: mediaType, parameters: parameters) { return view }
            view.remove()
        }
        return nil
    }
}

/// A viewer that could not be prepared or run, in words.
public struct MailcapError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension HTMLViewer {
    /// The converter this setting names, for `MessageRenderer.htmlConverter`: nil for the
    /// built-in one (and for `mailcap` when no `copiousoutput` entry for text/html
    /// exists). The HTML goes to the command as UTF-8; a failure or an exit status other
    /// than 0 throws, and the renderer then uses the built-in converter with a note.
    public func converter(mailcap: @autoclosure () -> Mailcap = Mailcap.load()) -> (@Sendable (String) throws -> String)? {
        let entry: Mailcap.Entry
        switch self {
        case .builtIn: return nil
        case let .command(line): entry = Mailcap.Entry(type: "text/html", command: line, flags: ["copiousoutput"])
        case .mailcap:
            guard let found = mailcap().entry(for: "text/html", copiousOutput: true) else { return nil }
            entry = found
        }
        return { html in
            let view = try MailcapView(entry: entry, data: Array(html.utf8), name: "message.html", mediaType: "text/html",
                                       parameters: ["charset": "utf-8"])
            defer { view.remove() }
            let (text, status) = try view.output(timeout: 20)
            guard status == 0 else {
                throw MailcapError("html_viewer (\(entry.command)) failed with exit status \(status)")
            }
            return text
        }
    }
}
