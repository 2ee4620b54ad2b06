import CGPGME

/// A GPGME data buffer holding a copy of some bytes, or empty for output.
final class GPGMEData {
    private(set) var handle: gpgme_data_t?

    init(_ bytes: [UInt8]) throws(GPGMEError) {
        var handle: gpgme_data_t?
        let error = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                gpgme_data_new_from_mem(&handle, $0, buffer.count, 1)
            }
        }
        try GPGMEError.check(error, "GPGME could not take the data")
        self.handle = handle
    }

    init() throws(GPGMEError) {
        var handle: gpgme_data_t?
        try GPGMEError.check(gpgme_data_new(&handle), "GPGME could not make a buffer")
        self.handle = handle
    }

    /// Everything written to the buffer; the buffer is gone after.
    func takeBytes() -> [UInt8] {
        guard let handle else { return [] }
        self.handle = nil
        var length = 0
        guard let memory = gpgme_data_release_and_get_mem(handle, &length) else { return [] }
        defer { gpgme_free(memory) }
        return memory.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    deinit { if let handle { gpgme_data_release(handle) } }
}
