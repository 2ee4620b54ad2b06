import Foundation
import Terminal

/// Reads a theme file. The format is a small, strict subset of TOML, enough for themes
/// and checkable without a TOML library in the UI layer:
///
/// ```toml
/// name = "default"
/// [roles]
/// "index.selected" = { fg = "black", bg = "cyan", attrs = ["bold"] }
/// ```
/// Unknown roles, colours, attributes or keys are errors, so a typo never passes silently.
public enum ThemeParser {
    /// Why a theme file was refused, with its line number.
    public struct ParseError: Error, CustomStringConvertible, Equatable, Sendable {
        public var line: Int
        public var reason: String
        public var description: String { "theme line \(line): \(reason)" }
    }

    public static func parse(_ text: String) throws -> Theme {
        var name: String?
        var styles: [ThemeRole: Style] = [:]
        var inRoles = false
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            func fail(_ reason: String) -> ParseError { ParseError(line: lineNumber, reason: reason) }
            if line.hasPrefix("[") {
                guard line == "[roles]" else { throw fail("unknown table \(line); only [roles] is allowed") }
                inRoles = true
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw fail("expected key = value") }
            let key = unquote(line[..<equals].trimmingCharacters(in: .whitespaces))
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if !inRoles {
                guard key == "name" else { throw fail("unknown key \(key)") }
                guard let text = quoted(value) else { throw fail("name must be a quoted string") }
                name = text
                continue
            }
            guard let role = ThemeRole(rawValue: key) else { throw fail("unknown role \(key)") }
            guard styles[role] == nil else { throw fail("role \(key) defined twice") }
            do {
                styles[role] = try parseStyle(value)
            } catch {
                throw fail("\(key): \(error.reason)")
            }
        }
        guard let name else { throw ParseError(line: 0, reason: "the theme has no name") }
        return Theme(name: name, styles: styles)
    }

    /// `{ fg = "black", bg = "cyan", attrs = ["bold", "underline"] }`
    static func parseStyle(_ value: String) throws(StyleError) -> Style {
        guard value.hasPrefix("{"), value.hasSuffix("}") else { throw StyleError("expected an inline table { fg = …, bg = …, attrs = […] }") }
        var body = String(value.dropFirst().dropLast())
        var style = Style()
        // attrs holds a list with commas inside: take it out first.
        if let attrsRange = attributeList(in: body) {
            let list = body[attrsRange]
            let inner = list[list.index(after: list.firstIndex(of: "[")!)..<list.lastIndex(of: "]")!]
            for item in inner.split(separator: ",") {
                let itemText = item.trimmingCharacters(in: .whitespaces)
                if itemText.isEmpty { continue }
                guard let attributeName = quoted(itemText), let attribute = TextAttributes(name: attributeName) else {
                    throw StyleError("unknown attribute \(itemText)")
                }
                style.attributes.insert(attribute)
            }
            body.removeSubrange(attrsRange)
        }
        for pair in body.split(separator: ",") {
            let pairText = pair.trimmingCharacters(in: .whitespaces)
            if pairText.isEmpty { continue }
            let parts = pairText.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let colorName = quoted(parts[1]) else { throw StyleError("expected key = \"value\" in \(pairText)") }
            guard let color = TerminalColor(name: colorName) else { throw StyleError("unknown colour \(colorName)") }
            switch parts[0] {
            case "fg": style.foreground = color
            case "bg": style.background = color
            default: throw StyleError("unknown key \(parts[0])")
            }
        }
        return style
    }

    /// Where `attrs = [ … ]` is in a style's body, found by hand: a regular expression was
    /// compiled once per role, a tenth of the reader's start.
    static func attributeList(in body: String) -> Range<String.Index>? {
        var searchStart = body.startIndex
        while let key = body.range(of: "attrs", range: searchStart..<body.endIndex) {
            searchStart = key.upperBound
            var index = key.upperBound
            func skipSpaces() {
                while index < body.endIndex, body[index] == " " || body[index] == "\t" { index = body.index(after: index) }
            }
            skipSpaces()
            guard index < body.endIndex, body[index] == "=" else { continue }
            index = body.index(after: index)
            skipSpaces()
            guard index < body.endIndex, body[index] == "[", let close = body[index...].firstIndex(of: "]") else { continue }
            return key.lowerBound..<body.index(after: close)
        }
        return nil
    }

    private static func stripComment(_ line: String) -> String {
        var inString = false
        for index in line.indices {
            if line[index] == "\"" { inString.toggle() }
            if line[index] == "#" && !inString { return String(line[..<index]) }
        }
        return line
    }

    private static func quoted(_ value: String) -> String? {
        guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return nil }
        return String(value.dropFirst().dropLast())
    }

    private static func unquote(_ key: String) -> String {
        quoted(key) ?? key
    }

    /// Writes a theme in the format `parse` reads (used to keep Themes/default.toml in step).
    public static func format(_ theme: Theme) -> String {
        var text = "name = \"\(theme.name)\"\n\n[roles]\n"
        for role in ThemeRole.allCases {
            guard let style = theme.styles[role] else { continue }
            let attributes = TextAttributes.named.filter { style.attributes.contains($0.1) }.map { "\"\($0.0)\"" }
            var fields = ["fg = \"\(style.foreground.name)\"", "bg = \"\(style.background.name)\""]
            if !attributes.isEmpty { fields.append("attrs = [\(attributes.joined(separator: ", "))]") }
            text += "\"\(role.rawValue)\" = { \(fields.joined(separator: ", ")) }\n"
        }
        return text
    }
}

/// Why one role's style was refused; `parse` adds the line number.
struct StyleError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
