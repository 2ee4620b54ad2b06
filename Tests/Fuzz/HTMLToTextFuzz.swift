// libFuzzer entry for the HTML-to-text converter: any markup converts in bounded time;
// no javascript: or data: link is ever listed, however it is disguised; and text with
// no markup and no entities keeps its words. Built by scripts/fuzz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTMLToText(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let html = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let result = HTMLToText.convert(html)
    for link in result.links {
        // What a browser would run: tabs and line breaks removed, leading controls and spaces dropped (WHATWG URL).
        let scheme = String(String.UnicodeScalarView(link.unicodeScalars.filter { !["\t", "\n", "\r"].contains($0) }
            .drop { $0.value <= 0x20 })).lowercased()
        precondition(!scheme.hasPrefix("javascript:") && !scheme.hasPrefix("data:") && !scheme.hasPrefix("vbscript:"),
                     "listed a script link: \(link.debugDescription)")
    }
    if !html.contains("<"), !html.contains("&") {
        func words(_ text: String) -> [String] {
            text.unicodeScalars.split { [" ", "\t", "\n", "\r", "\u{0C}", "\u{A0}"].contains($0) }.map { String(String.UnicodeScalarView($0)) }
        }
        precondition(words(result.text) == words(html), "plain text lost or gained words")
    }
    return 0
}
