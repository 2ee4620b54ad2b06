import COpenSSL

/// An OpenSSL memory BIO holding a copy of some bytes, or empty for output.
final class MemoryBIO {
    let bio: OpaquePointer

    init?(_ bytes: [UInt8] = []) {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        self.bio = bio
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
            if written != Int32(bytes.count) { return nil }
        }
    }

    /// Everything written to it.
    func readAll() -> [UInt8] {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<Int(count)])
        }
        return output
    }

    deinit { BIO_free(bio) }
}
