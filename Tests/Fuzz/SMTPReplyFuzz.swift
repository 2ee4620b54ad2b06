// libFuzzer entry for the SMTP reply reader: any server bytes give replies with a code
// from 200 to 599 or an SMTP/transport error, never a crash, a hang or an endless reply.
// Built by scripts/fuzz with a small Transport module (the Connection protocol only).
import Transport

/// The fuzz input as a server's side of a connection: lines as `Connection.readLine` gives them.
final class FuzzConnection: Connection {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(upTo maxLength: Int) throws -> [UInt8] {
        let end = min(bytes.count, offset + maxLength)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    func readLine(maxLength: Int) throws -> [UInt8]? {
        guard offset < bytes.count else { return nil }
        let end = bytes[offset...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
        if end - offset > maxLength { throw TransportError.lineTooLong(limit: maxLength) }
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    func write(_ bytes: [UInt8]) throws {}
    func startTLS() throws {}
    func startCompression() throws {}
    var isEncrypted: Bool { false }
    func close() {}
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMTPReply(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    if let line = try? SMTPReplyReader.parseLine(input) {
        precondition((200...599).contains(line.code), "parseLine accepted code \(line.code)")
    }
    // Replies one after another, as a pipelining client reads them.
    let connection = FuzzConnection(input)
    for _ in 0..<64 {
        guard let reply = try? SMTPReplyReader.read(from: connection) else { break }
        precondition((200...599).contains(reply.code), "a reply with code \(reply.code)")
        precondition(!reply.lines.isEmpty && reply.lines.count <= SMTPReplyReader.maxLines, "\(reply.lines.count) lines")
        if let enhanced = reply.enhancedCode {
            precondition(enhanced.first == String(reply.code / 100).first, "enhanced code \(enhanced) under \(reply.code)")
        }
        _ = reply.description
    }
    return 0
}
