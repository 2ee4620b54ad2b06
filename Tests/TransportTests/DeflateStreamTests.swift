import Testing
@testable import Transport

@Suite struct DeflateStreamTests {
    @Test func roundTripsWithSyncFlush() throws {
        let sender = try DeflateStream()
        let receiver = try DeflateStream()
        for index in 0..<50 {
            let message = Array("a\(index) FETCH 1:* (FLAGS) \(String(repeating: "xyz", count: index * 100))\r\n".utf8)
            // Each write must be decodable on its own: that is what Z_SYNC_FLUSH guarantees.
            let compressed = try sender.compress(message)
            #expect(try receiver.decompress(compressed) == message)
        }
    }

    @Test func corruptInputIsAnError() throws {
        let receiver = try DeflateStream()
        #expect(throws: TransportError.self) {
            _ = try receiver.decompress([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        }
    }
}
