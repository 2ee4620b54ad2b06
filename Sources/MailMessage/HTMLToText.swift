/// Text made from an HTML body, with the link targets it referenced.
public struct HTMLText: Sendable, Hashable {
    /// The text, with "[n]" after each link; the targets themselves are not in it.
    public var text: String
    /// Link targets in reference order: "[1]" in the text is `links[0]`.
    public var links: [String]
}

/// Converts HTML mail to readable text in-process, without loading anything remote:
/// paragraphs, headings, lists, block quotes (`> `), data tables as aligned columns and
/// layout tables as flowing text (`HTMLTable`), links as
/// numbered references listed below the text, images as `[image: alt]`, entities
/// decoded, script/style/head dropped. A single pass with explicit state; no recursion,
/// so deeply nested markup cannot exhaust the stack.
public enum HTMLToText: Sendable {
    private struct State {
        var lines: [String] = []
        var current = ""
        var pendingSpace = false
        var quoteDepth = 0
        var listStack: [(ordered: Bool, counter: Int)] = []
        var preDepth = 0
        var links: [String] = []
        var openLinks: [String?] = []

        init() {}

        /// A fresh state for a table cell (or the space between cells) that keeps
        /// numbering links where `other` left off.
        init(carryingLinksOf other: State) {
            links = other.links
            openLinks = other.openLinks
        }

        /// The lines written so far, trimmed, without blank lines at either end.
        mutating func finishedLines() -> [String] {
            boundary(blank: false)
            var result: [String] = []
            for line in lines {
                var trimmed = line
                while trimmed.hasSuffix(" ") { trimmed.removeLast() }
                if trimmed.isEmpty, result.last?.isEmpty ?? true { continue }
                result.append(trimmed)
            }
            while result.last?.isEmpty == true { result.removeLast() }
            return result
        }

        mutating func flushLine() {
            let prefix = quoteDepth > 0 ? String(repeating: ">", count: min(quoteDepth, 32)) + " " : ""
            lines.append(prefix + current)
            current = ""
            pendingSpace = false
        }

        mutating func boundary(blank: Bool) {
            if !current.isEmpty { flushLine() }
            if blank, let last = lines.last, !last.isEmpty, !(quoteDepth > 0 && last.allSatisfy { $0 == ">" || $0 == " " }) {
                lines.append("")
            }
            pendingSpace = false
        }

        mutating func appendText(_ text: String) {
            if preDepth > 0 {
                var first = true
                for piece in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    if !first { flushLine() }
                    current += piece.replacingOccurrences(of: "\r", with: "")
                    first = false
                }
                return
            }
            for scalar in text.unicodeScalars {
                if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
                    if !current.isEmpty { pendingSpace = true }
                    continue
                }
                if pendingSpace { current.append(" ") }
                pendingSpace = false
                current.unicodeScalars.append(scalar == "\u{A0}" ? " " : scalar)
            }
        }
    }

    private static let skippedElements: Set<String> = ["script", "style", "head", "title", "template", "noscript", "object", "iframe", "svg"]
    private static let blankBlocks: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "pre", "ul", "ol", "dl", "blockquote", "address", "figure"]
    private static let lineBlocks: Set<String> = ["div", "section", "article", "header", "footer", "nav", "aside", "main", "center", "form", "tr", "dt", "dd", "caption", "fieldset", "tbody", "thead", "tfoot", "html", "body"]

    /// An open table: the state it interrupted and what it collected so far.
    private struct TableContext {
        var outer: State
        var table = HTMLTable()
        var row: [HTMLTable.Cell]?
        var inCell = false
        var columnSpan = 1
    }

    /// Tables nested deeper than this are read as plain blocks.
    private static let maxTableDepth = 32

    /// HTML (WHATWG tokenisation, simplified) to text; tables are laid out for `width` columns.
    public static func convert(_ html: String, width: Int = 80) -> HTMLText {
        let scalars = Array(html.unicodeScalars)
        var state = State()
        var tables: [TableContext] = []
        var index = 0
        var textStart = 0
        let count = scalars.count

        func emitText(_ end: Int) {
            if end > textStart {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[textStart..<end])
                state.appendText(HTMLEntities.decode(String(view)))
            }
        }

        while index < count {
            guard scalars[index] == "<" else { index += 1; continue }
            emitText(index)
            // Comments, doctype, CDATA.
            if matches(scalars, at: index, "<!--") {
                index = find(scalars, "-->", from: index + 4).map { $0 + 3 } ?? count
                textStart = index
                continue
            }
            if index + 1 < count, scalars[index + 1] == "!" || scalars[index + 1] == "?" {
                index = find(scalars, ">", from: index).map { $0 + 1 } ?? count
                textStart = index
                continue
            }
            guard let tag = parseTag(scalars, at: index) else {
                // A lone "<" is text.
                state.appendText("<")
                index += 1
                textStart = index
                continue
            }
            index = tag.end
            textStart = index
            if !tag.closing, skippedElements.contains(tag.name), !tag.selfClosing {
                // Drop everything up to the matching close tag.
                index = findCloseTag(scalars, name: tag.name, from: index) ?? count
                textStart = index
                continue
            }
            if handleTable(tag, state: &state, tables: &tables, width: width) { continue }
            handle(tag, state: &state)
        }
        emitText(count)
        while !tables.isEmpty {
            _ = handleTable(Tag(name: "table", closing: true, selfClosing: false, attributes: [:], end: count), state: &state, tables: &tables, width: width)
        }
        state.boundary(blank: false)

        // Trim trailing whitespace per line and collapse runs of blank lines.
        var result: [String] = []
        for line in state.lines {
            var trimmed = line
            while trimmed.hasSuffix(" ") { trimmed.removeLast() }
            if trimmed.isEmpty, result.last?.isEmpty ?? true { continue }
            result.append(trimmed)
        }
        while result.last?.isEmpty == true { result.removeLast() }
        // The link targets are in `links`; whoever shows the text lists them once, below it.
        var text = result.joined(separator: "\n")
        if !text.isEmpty { text += "\n" }
        return HTMLText(text: text, links: state.links)
    }

    private struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var attributes: [String: String]
        var end: Int
    }

    private static func handle(_ tag: Tag, state: inout State) {
        let name = tag.name
        if blankBlocks.contains(name) {
            state.boundary(blank: true)
        } else if lineBlocks.contains(name) {
            state.boundary(blank: false)
        }
        switch (name, tag.closing) {
        case ("br", _):
            state.flushLine()
        case ("hr", false):
            state.boundary(blank: false)
            state.current = "----------"
            state.flushLine()
        case ("blockquote", false):
            state.quoteDepth += 1
        case ("blockquote", true):
            state.quoteDepth = max(0, state.quoteDepth - 1)
        case ("pre", false):
            state.preDepth += 1
        case ("pre", true):
            state.preDepth = max(0, state.preDepth - 1)
        case ("ul", false), ("ol", false):
            if state.listStack.count < 64 { state.listStack.append((ordered: name == "ol", counter: 0)) }
        case ("ul", true), ("ol", true):
            _ = state.listStack.popLast()
        case ("li", false):
            state.boundary(blank: false)
            let depth = max(0, state.listStack.count - 1)
            var marker = "• "
            if !state.listStack.isEmpty, state.listStack[state.listStack.count - 1].ordered {
                state.listStack[state.listStack.count - 1].counter += 1
                marker = "\(state.listStack[state.listStack.count - 1].counter). "
            }
            state.current = String(repeating: "  ", count: depth) + marker
        case ("td", false), ("th", false):
            // A cell outside any table: browsers drop the tag; keep words apart.
            state.pendingSpace = !state.current.isEmpty
        case ("a", false):
            let href = tag.attributes["href"]?.trimmingMailWhitespace
            if state.openLinks.count < 64 { state.openLinks.append(href) }
        case ("a", true):
            if let opened = state.openLinks.popLast(), let href = opened, isReferenceable(href) {
                let number: Int
                if let existing = state.links.firstIndex(of: href) {
                    number = existing + 1
                } else {
                    state.links.append(href)
                    number = state.links.count
                }
                state.appendText(" [\(number)]")
            }
        case ("img", _):
            let alt = (tag.attributes["alt"] ?? "").collapsingWhitespace  // decoded with the other attributes
            state.appendText(alt.isEmpty ? " [image] " : " [image: \(alt)] ")
        default:
            break
        }
    }

    /// Table structure: cells collect their own lines, and a closed table is laid out and
    /// written where it stood. Returns false for tags that are not table structure.
    private static func handleTable(_ tag: Tag, state: inout State, tables: inout [TableContext], width: Int) -> Bool {
        let name = tag.name
        guard ["table", "tr", "td", "th"].contains(name) else { return false }
        if name == "table", !tag.closing {
            guard tables.count < maxTableDepth else { return false }
            state.boundary(blank: true)
            tables.append(TableContext(outer: state))
            state = State(carryingLinksOf: state)
            return true
        }
        // Cell and row tags outside a table are handled as other blocks; a stray </table> is dropped.
        guard !tables.isEmpty else { return name == "table" }
        var context = tables.removeLast()
        func finishCell() {
            let lines = state.finishedLines()
            if context.inCell || !lines.isEmpty {
                // Text between cells joins the row as a cell of its own.
                let cell = HTMLTable.Cell(lines: lines, columnSpan: context.inCell ? context.columnSpan : 1)
                context.row = (context.row ?? []) + [cell]
            }
            context.inCell = false
            state = State(carryingLinksOf: state)
        }
        func finishRow() {
            finishCell()
            if let row = context.row, !row.isEmpty { context.table.rows.append(row) }
            context.row = nil
        }
        switch (name, tag.closing) {
        case ("tr", _):
            finishRow()
        case ("td", false), ("th", false):
            finishCell()
            context.inCell = true
            context.columnSpan = min(max(Int(tag.attributes["colspan"] ?? "") ?? 1, 1), 64)
        case ("td", true), ("th", true):
            finishCell()
        case ("table", true):
            finishRow()
            var outer = context.outer
            outer.links = state.links
            outer.openLinks = state.openLinks
            state = outer
            for line in context.table.layout(width: width - min(state.quoteDepth, 32) - (state.quoteDepth > 0 ? 1 : 0)) {
                state.current = line
                state.flushLine()
            }
            state.boundary(blank: true)
            if !tables.isEmpty { tables[tables.count - 1].table.holdsTable = true }
            return true
        default:
            break
        }
        tables.append(context)
        return true
    }

    /// Script and inline-content links are never listed. The scheme is read as a browser
    /// reads it (WHATWG URL parsing): tabs and line breaks anywhere dropped, leading
    /// controls and spaces too, so `java&#9;script:` is still a script (found by scripts/fuzz).
    private static func isReferenceable(_ href: String) -> Bool {
        let scalars = href.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }.drop { $0.value <= 0x20 }
        let scheme = String(String.UnicodeScalarView(scalars.prefix(16))).lowercased()
        return !href.isEmpty && !href.hasPrefix("#") && !["javascript:", "vbscript:", "data:"].contains { scheme.hasPrefix($0) }
    }

    /// `<name attr="v" attr=v attr>` or `</name>`; nil if this "<" does not start a tag.
    private static func parseTag(_ scalars: [Unicode.Scalar], at start: Int) -> Tag? {
        var index = start + 1
        let count = scalars.count
        var closing = false
        if index < count, scalars[index] == "/" { closing = true; index += 1 }
        let nameStart = index
        while index < count, isNameScalar(scalars[index]) { index += 1 }
        guard index > nameStart else { return nil }
        var nameView = String.UnicodeScalarView()
        nameView.append(contentsOf: scalars[nameStart..<index])
        let name = String(nameView).lowercased()
        var attributes: [String: String] = [:]
        var selfClosing = false
        while index < count {
            let scalar = scalars[index]
            if scalar == ">" { return Tag(name: name, closing: closing, selfClosing: selfClosing, attributes: attributes, end: index + 1) }
            if scalar == "/" { selfClosing = true; index += 1; continue }
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { index += 1; continue }
            selfClosing = false
            let attributeStart = index
            while index < count, scalars[index] != "=", scalars[index] != ">", scalars[index] != " ", scalars[index] != "\n", scalars[index] != "\t", scalars[index] != "\r", !(scalars[index] == "/" && index + 1 < count && scalars[index + 1] == ">") { index += 1 }
            var attributeView = String.UnicodeScalarView()
            attributeView.append(contentsOf: scalars[attributeStart..<index])
            let attributeName = String(attributeView).lowercased()
            while index < count, scalars[index] == " " || scalars[index] == "\n" || scalars[index] == "\t" || scalars[index] == "\r" { index += 1 }
            var value = ""
            if index < count, scalars[index] == "=" {
                index += 1
                while index < count, scalars[index] == " " || scalars[index] == "\n" || scalars[index] == "\t" || scalars[index] == "\r" { index += 1 }
                var valueView = String.UnicodeScalarView()
                if index < count, scalars[index] == "\"" || scalars[index] == "'" {
                    let quote = scalars[index]
                    index += 1
                    while index < count, scalars[index] != quote { valueView.append(scalars[index]); index += 1 }
                    index += 1
                } else {
                    while index < count, scalars[index] != ">", scalars[index] != " ", scalars[index] != "\n", scalars[index] != "\t" {
                        valueView.append(scalars[index])
                        index += 1
                    }
                }
                value = HTMLEntities.decode(String(valueView), inAttribute: true)
            }
            if !attributeName.isEmpty, attributes[attributeName] == nil { attributes[attributeName] = value }
        }
        return Tag(name: name, closing: closing, selfClosing: selfClosing, attributes: attributes, end: count)
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9") || scalar == "-" || scalar == ":"
    }

    private static func matches(_ scalars: [Unicode.Scalar], at index: Int, _ literal: String) -> Bool {
        var position = index
        for scalar in literal.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }

    private static func find(_ scalars: [Unicode.Scalar], _ literal: String, from start: Int) -> Int? {
        var index = start
        while index < scalars.count {
            if matches(scalars, at: index, literal) { return index }
            index += 1
        }
        return nil
    }

    /// Index just past `</name ...>`, case-insensitive.
    private static func findCloseTag(_ scalars: [Unicode.Scalar], name: String, from start: Int) -> Int? {
        var index = start
        let nameScalars = Array(name.unicodeScalars)
        while index + 1 < scalars.count {
            if scalars[index] == "<", scalars[index + 1] == "/" {
                var position = index + 2
                var matched = true
                for expected in nameScalars {
                    guard position < scalars.count, Character(scalars[position]).lowercased() == String(expected) else { matched = false; break }
                    position += 1
                }
                if matched, position < scalars.count, !isNameScalar(scalars[position]) {
                    return find(scalars, ">", from: position).map { $0 + 1 } ?? scalars.count
                }
            }
            index += 1
        }
        return nil
    }
}
