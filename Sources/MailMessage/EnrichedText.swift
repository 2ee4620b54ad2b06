/// text/enriched (RFC 1896) and its forerunner text/richtext (RFC 1341) as plain text:
/// formatting commands dropped, their line rules applied, `<excerpt>` quoted with "> ".
/// A single pass with a counter for each nesting, so no input can recurse deep.
enum EnrichedText {
    /// Converts enriched text (or richtext when `richtext` is true) to plain lines.
    static func convert(_ text: String, richtext: Bool) -> String {
        var output = ""
        var line = ""
        var quoteDepth = 0
        var noFill = 0
        var hidden = 0  // inside <param> (enriched) or <comment> (richtext)
        var pendingBreaks = 0

        func flushLine() {
            output += (quoteDepth > 0 ? String(repeating: "> ", count: min(quoteDepth, 32)) : "") + line + "\n"
            line = ""
        }
        func applyBreaks() {
            // RFC 1896 section 2.1: n line breaks in a row mean n-1 new lines; one is a space.
            if pendingBreaks == 1 {
                if !line.isEmpty, line.last != " " { line += " " }
            } else if pendingBreaks > 1 {
                for _ in 1..<pendingBreaks { flushLine() }
            }
            pendingBreaks = 0
        }

        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                if !richtext, index + 1 < scalars.count, scalars[index + 1] == "<" {
                    applyBreaks()
                    if hidden == 0 { line += "<" }
                    index += 2
                    continue
                }
                var end = index + 1
                while end < scalars.count, scalars[end] != ">", end - index <= 62 { end += 1 }
                if end < scalars.count, scalars[end] == ">" {
                    var name = String(String.UnicodeScalarView(scalars[(index + 1)..<end])).lowercased()
                    let closing = name.hasPrefix("/")
                    if closing { name.removeFirst() }
                    index = end + 1
                    switch (name, closing) {
                    case ("param", false) where !richtext, ("comment", false) where richtext: hidden += 1
                    case ("param", true) where !richtext, ("comment", true) where richtext: hidden = max(0, hidden - 1)
                    case ("nofill", false): noFill += 1
                    case ("nofill", true): noFill = max(0, noFill - 1)
                    case ("excerpt", false):
                        applyBreaks()
                        if !line.isEmpty { flushLine() }
                        quoteDepth += 1
                    case ("excerpt", true):
                        applyBreaks()
                        if !line.isEmpty { flushLine() }
                        quoteDepth = max(0, quoteDepth - 1)
                    case ("lt", false) where richtext:
                        if hidden == 0 { line += "<" }
                    case ("nl", false) where richtext:
                        flushLine()
                    case ("np", false) where richtext, ("paragraph", true) where richtext:
                        if !line.isEmpty { flushLine() }
                        output += "\n"
                    default:
                        break
                    }
                    continue
                }
            }
            if hidden > 0 { index += 1; continue }
            if scalar == "\n" {
                if richtext {
                    if !line.isEmpty, line.last != " " { line += " " }
                } else if noFill > 0 {
                    flushLine()
                } else {
                    pendingBreaks += 1
                }
                index += 1
                continue
            }
            if scalar == "\r" { index += 1; continue }
            applyBreaks()
            line.unicodeScalars.append(scalar)
            index += 1
        }
        applyBreaks()
        if !line.isEmpty { flushLine() }
        return output
    }
}
