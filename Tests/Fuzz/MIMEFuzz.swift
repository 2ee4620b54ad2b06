// libFuzzer entry for the MIME parser and renderer: any bytes parse and render
// without a crash, and what is rendered is safe for a terminal. Built by scripts/fuzz.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIME(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let message = MessageParser.parse(Array(UnsafeBufferPointer(start: data, count: size)))
    let rendered = MessageRenderer().render(message)
    precondition(DisplaySanitizer.isSafe(rendered.fullText), "the renderer let an unsafe character through")
    for attachment in rendered.attachments {
        precondition(!attachment.safeFilename.contains("/") && !attachment.safeFilename.hasPrefix("."), "unsafe file name")
    }
    return 0
}
