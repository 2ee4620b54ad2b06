import Foundation

/// A mailcap command line with its `%` fields filled in (RFC 1524 section 4), made so
/// that nothing from a message can reach the shell as syntax.
///
/// The file name, content type and parameters come from the message and may hold `;`,
/// `$()`, backquotes, quotes or line breaks. Quoting them would depend on how the entry
/// itself quotes `%s` (`'%s'`, `"%s"` and bare `%s` are all found in the wild, and each
/// breaks a different quoting). Instead every value put in is made of characters no
/// shell reads as syntax: the file is written under a name of letters, digits, `.`,
/// `_`, `-` and `+` in a private folder whose path is the same, the type keeps only
/// those and `/`, and a parameter with anything else is left empty. A value like that is
/// one word however the entry quotes it.
public struct MailcapCommand: Sendable, Equatable {
    /// The command line to run with `/bin/sh -c`.
    public var line: String
    /// Whether the entry reads the data on its standard input (it has no `%s`).
    public var readsStandardInput: Bool

    /// Characters a value may keep; everything else becomes `_` (names) or is refused.
    static let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-".unicodeScalars)

    /// Fills `template`'s `%s` (the file), `%t` (the type), `%{name}` (a parameter) and
    /// `%%`; `\%` is a percent sign as well.
    public init(template: String, file: String?, mediaType: String, parameters: [String: String] = [:]) {
        var result = ""
        var usesFile = false
        var characters = Array(template)
        var index = 0
        characters.append(" ")  // a sentinel, dropped below
        while index < characters.count - 1 {
            let character = characters[index]
            let next = characters[index + 1]
            if character == "\\", next == "%" {
                result.append("%")
                index += 2
            } else if character == "%" {
                switch next {
                case "s":
                    result += Self.safePath(file ?? "")
                    usesFile = true
                    index += 2
                case "t":
                    result += Self.safeType(mediaType)
                    index += 2
                case "%":
                    result.append("%")
                    index += 2
                case "{":
                    guard let close = characters[(index + 2)...].firstIndex(of: "}") else {
                        result.append(character)
                        index += 1
                        continue
                    }
                    let name = String(characters[(index + 2)..<close]).lowercased()
                    let value = parameters.first { $0.key.lowercased() == name }?.value ?? ""
                    if value.unicodeScalars.allSatisfy({ Self.safe.contains($0) }) { result += value }
                    index = close + 1
                default:
                    result.append(character)
                    index += 1
                }
            } else {
                result.append(character)
                index += 1
            }
        }
        line = result
        readsStandardInput = !usesFile
    }

    /// A name made of safe characters only (others become `_`), never empty, never
    /// starting with a dot or a dash.
    public static func safeName(_ name: String) -> String {
        var result = String(String.UnicodeScalarView(name.unicodeScalars.map { safe.contains($0) ? $0 : "_" }))
        while result.hasPrefix(".") || result.hasPrefix("-") { result.removeFirst() }
        if result.count > 100 {
            let ext = (result as NSString).pathExtension
            result = String(result.prefix(90)) + (ext.isEmpty || ext.count > 9 ? "" : "." + ext)
        }
        return result.isEmpty ? "attachment" : result
    }

    /// A path passes only when every part is safe; otherwise nothing is put in (the
    /// caller made the path, so this never happens to a path of ours).
    static func safePath(_ path: String) -> String {
        path.unicodeScalars.allSatisfy({ safe.contains($0) || $0 == "/" }) ? path : ""
    }

    static func safeType(_ type: String) -> String {
        let kept = type.lowercased().unicodeScalars.filter { safe.contains($0) || $0 == "/" }
        let text = String(String.UnicodeScalarView(kept))
        return text.split(separator: "/").count == 2 ? text : "application/octet-stream"
    }

    /// A private folder (0700) for a file to show, with a path made of safe characters:
    /// the temporary folder when its path is safe, else `/tmp`.
    public static func privateFolder() throws -> String {
        var base = NSTemporaryDirectory()
        if !base.unicodeScalars.allSatisfy({ safe.contains($0) || $0 == "/" }) { base = "/tmp/" }
        if !base.hasSuffix("/") { base += "/" }
        let folder = base + "merle-view-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return folder
    }

    /// The file name an entry wants: its `nametemplate` (`%s.html`) around the safe
    /// stem of `name`, else the safe name.
    public static func fileName(for name: String, template: String?) -> String {
        let safe = safeName(name)
        guard let template, template.contains("%s") else { return safe }
        let stem = (safe as NSString).deletingPathExtension
        return safeName(template.replacingOccurrences(of: "%s", with: stem.isEmpty ? "attachment" : stem))
    }
}
