/// Finds the TOML the parser would crash on, before it sees it.
///
/// toml++ 3.4.0 (inside TOMLKit 0.6.0) checks some of its own preconditions with
/// assertions, which abort the whole process (and with NDEBUG become assumptions, which
/// is worse). Two of them can be reached from a config file; scripts/fuzz (target
/// `config`) found both:
/// - a table header whose first key character is neither a bare-key character nor a
///   quote (`[=]`, `[.a]`, `[[#]]`): the header parser calls `parse_key` unchecked;
/// - in an array, `}` or a Unicode line break (U+0085, U+2028, U+2029) where a value
///   belongs (`a = [}]`): the array parser calls `parse_value` unchecked.
///
/// The scan follows TOML's structure just far enough to know where those places are:
/// statements start at the beginning of a line outside strings and multi-line values,
/// and values nest in `[` and `{`. Input that is invalid before such a place never
/// reaches it in toml++ (which stops at its first error), so a rough scan past invalid
/// input is harmless.
enum TOMLCrashGuard {
    /// A place toml++ would abort on: 1-based line and column, and what is there.
    struct Finding: Equatable {
        var line: Int
        var column: Int
        var problem: String
        /// Where (in Unicode scalars) the statement holding it starts: the text before is
        /// whole statements, which toml++ can check for an earlier mistake.
        var statementStart: Int

        /// The whole statements before the one toml++ would abort on.
        func statements(before text: String) -> String {
            String(String.UnicodeScalarView(text.unicodeScalars.prefix(statementStart)))
        }
    }

    static func firstCrash(in text: String) -> Finding? {
        var scanner = Scanner(Array(text.unicodeScalars))
        return scanner.run()
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1
        var lineStart = 0
        /// The open `[` and `{` of the current value: a line break inside them starts no statement.
        var open: [Unicode.Scalar] = []
        var inValue = false
        var atStatementStart = true
        var statementStart = 0
        /// Just after an array's `[` or a `,` in it: the next thing but blanks and comments is a value.
        var expectingValue = false

        init(_ scalars: [Unicode.Scalar]) {
            self.scalars = scalars
            // toml++ skips a byte order mark before the first statement.
            if scalars.first == "\u{FEFF}" { index = 1 }
        }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }

        var here: (line: Int, column: Int) { (line, index - lineStart + 1) }

        mutating func run() -> Finding? {
            while let scalar = peek() {
                if atStatementStart, scalar == " " || scalar == "\t" || scalar == "\r" {
                    index += 1
                    continue
                }
                if atStatementStart, scalar == "[" {
                    if let bad = header() { return bad }
                    continue
                }
                if atStatementStart, scalar != "\n", scalar != "#" {
                    atStatementStart = false
                    statementStart = index
                }
                if expectingValue, ![" ", "\t", "\r", "\n", "#"].contains(scalar) {
                    expectingValue = false
                    if ["}", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) {
                        return Finding(line: here.line, column: here.column,
                                       problem: "an array holds \(scalar == "}" ? "`}`" : "a Unicode line break") where a value belongs",
                                       statementStart: statementStart)
                    }
                }
                switch scalar {
                case "\n":
                    newLine()
                case "#":
                    while let next = peek(), next != "\n" { index += 1 }
                case "\"", "'":
                    string(quote: scalar)
                case "=" where open.isEmpty:
                    inValue = true
                    index += 1
                case "[", "{":
                    if inValue {
                        open.append(scalar)
                        expectingValue = scalar == "["
                    }
                    index += 1
                case "]", "}":
                    if inValue, !open.isEmpty { open.removeLast() }
                    index += 1
                case ",":
                    expectingValue = open.last == "["
                    index += 1
                default:
                    index += 1
                }
            }
            return nil
        }

        mutating func newLine() {
            index += 1
            line += 1
            lineStart = index
            if open.isEmpty {
                inValue = false
                atStatementStart = true
            }
        }

        /// `[` or `[[`, spaces and tabs, then what toml++ hands to `parse_key` unchecked.
        mutating func header() -> Finding? {
            atStatementStart = false
            statementStart = index
            index += 1
            var hadSpace = false
            while let next = peek(), next == " " || next == "\t" { index += 1; hadSpace = true }
            if peek() == "[" {
                // "[ [" is an error toml++ reports itself.
                if hadSpace { return nil }
                index += 1
                while let next = peek(), next == " " || next == "\t" { index += 1 }
            }
            guard let first = peek() else { return nil }
            let acceptable = first.isASCII && (first.properties.isAlphabetic || ("0"..."9").contains(first)
                || first == "_" || first == "-" || first == "\"" || first == "'" || first == "]")
            return acceptable ? nil : Finding(line: here.line, column: here.column, problem: "a table header must start with a name",
                                              statementStart: statementStart)
        }

        /// Skips a basic or literal string, single- or multi-line.
        mutating func string(quote: Unicode.Scalar) {
            let multiLine = peek(1) == quote && peek(2) == quote
            index += multiLine ? 3 : 1
            while let next = peek() {
                if quote == "\"", next == "\\" {
                    // An escape; a backslash ending a line leaves the line break to count.
                    index += peek(1) == "\n" ? 1 : 2
                    continue
                }
                if next == "\n" {
                    guard multiLine else { return }
                    index += 1
                    line += 1
                    lineStart = index
                    continue
                }
                if next == quote, !multiLine || (peek(1) == quote && peek(2) == quote) {
                    index += multiLine ? 3 : 1
                    return
                }
                index += 1
            }
        }
    }
}
