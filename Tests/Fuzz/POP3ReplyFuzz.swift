// libFuzzer entry for POP3 status lines.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPOP3(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let reply = try? POP3Reply.parse(Array(UnsafeBufferPointer(start: data, count: size))) {
        _ = reply.description
    }
    return 0
}
