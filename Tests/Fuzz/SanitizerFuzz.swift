// libFuzzer entry for the display sanitiser and the HTML converter: nothing that comes
// out may drive a terminal (no ESC, no C0 but tab/newline, no C1, no bidi override).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSanitizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let clean = DisplaySanitizer.sanitize(text)
    precondition(DisplaySanitizer.isSafe(clean), "sanitize left an unsafe character")
    for scalar in clean.unicodeScalars {
        precondition(scalar.value != 0x1B && !(0x80...0x9F).contains(scalar.value), "escape survived")
        precondition(!(0x202A...0x202E).contains(scalar.value) && !(0x2066...0x2069).contains(scalar.value), "bidi control survived")
    }
    precondition(DisplaySanitizer.isSafe(DisplaySanitizer.sanitize(HTMLToText.convert(text).text)), "HTML text unsafe")
    return 0
}
