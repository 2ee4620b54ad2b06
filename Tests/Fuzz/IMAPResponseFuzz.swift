// libFuzzer entry for the IMAP framer and response parser: any server bytes give
// frames and responses or a protocol error, never a crash, a hang or a huge allocation.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIMAP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let limits = ParserLimits(maximumLiteralSize: 1 << 20, maximumLineLength: 1 << 16, maximumNestingDepth: 50)
    var framer = ResponseFramer(limits: limits)
    framer.append(UnsafeBufferPointer(start: data, count: size))
    let parser = ResponseParser(limits: limits)
    while true {
        guard let frame = try? framer.nextFrame() else { break }
        _ = try? parser.parse(frame)
    }
    return 0
}
