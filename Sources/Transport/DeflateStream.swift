import CZlib
import CZlibShim

/// Raw DEFLATE in both directions (RFC 4978): each write is flushed with
/// Z_SYNC_FLUSH so the peer can decode a command as soon as it arrives.
final class DeflateStream {
    private var deflater = z_stream()
    private var inflater = z_stream()

    init() throws {
        guard merle_deflate_init_raw(&deflater, Z_DEFAULT_COMPRESSION) == Z_OK,
              merle_inflate_init_raw(&inflater) == Z_OK else {
            throw TransportError.compressionFailed("cannot initialise zlib")
        }
    }

    deinit {
        deflateEnd(&deflater)
        inflateEnd(&inflater)
    }

    /// Compresses `bytes` and flushes them to a byte boundary.
    func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(1024, bytes.count + bytes.count / 8 + 64))
        try input.withUnsafeMutableBufferPointer { inputBuffer in
            deflater.next_in = inputBuffer.baseAddress
            deflater.avail_in = UInt32(inputBuffer.count)
            repeat {
                let produced = try chunk.withUnsafeMutableBufferPointer { chunkBuffer -> Int in
                    deflater.next_out = chunkBuffer.baseAddress
                    deflater.avail_out = UInt32(chunkBuffer.count)
                    let status = deflate(&deflater, Z_SYNC_FLUSH)
                    guard status == Z_OK || status == Z_BUF_ERROR else {
                        throw TransportError.compressionFailed("deflate returned \(status)")
                    }
                    return chunkBuffer.count - Int(deflater.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
            } while deflater.avail_out == 0
        }
        deflater.next_in = nil
        return output
    }

    /// Decompresses what arrived; may return nothing until more input comes.
    func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        try input.withUnsafeMutableBufferPointer { inputBuffer in
            inflater.next_in = inputBuffer.baseAddress
            inflater.avail_in = UInt32(inputBuffer.count)
            repeat {
                let produced = try chunk.withUnsafeMutableBufferPointer { chunkBuffer -> Int in
                    inflater.next_out = chunkBuffer.baseAddress
                    inflater.avail_out = UInt32(chunkBuffer.count)
                    let status = inflate(&inflater, Z_SYNC_FLUSH)
                    guard status == Z_OK || status == Z_BUF_ERROR || status == Z_STREAM_END else {
                        throw TransportError.compressionFailed("the server sent corrupt compressed data (inflate returned \(status))")
                    }
                    return chunkBuffer.count - Int(inflater.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
            } while inflater.avail_out == 0
        }
        inflater.next_in = nil
        return output
    }
}
