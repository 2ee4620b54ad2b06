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
        try Self.run(&deflater, over: bytes, chunkSize: max(1024, bytes.count + bytes.count / 8 + 64)) { stream in
            let status = deflate(&stream, Z_SYNC_FLUSH)
            guard status == Z_OK || status == Z_BUF_ERROR else {
                throw TransportError.compressionFailed("deflate returned \(status)")
            }
        }
    }

    /// Decompresses what arrived; may return nothing until more input comes.
    func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        try Self.run(&inflater, over: bytes, chunkSize: 16 * 1024) { stream in
            let status = inflate(&stream, Z_SYNC_FLUSH)
            guard status == Z_OK || status == Z_BUF_ERROR || status == Z_STREAM_END else {
                throw TransportError.compressionFailed("the server sent corrupt compressed data (inflate returned \(status))")
            }
        }
    }

    /// Feeds `bytes` to a zlib stream and collects what `step` produces, a chunk at a
    /// time, until a step leaves room in its chunk (all input taken, all output out).
    private static func run(_ stream: inout z_stream, over bytes: [UInt8], chunkSize: Int,
                            step: (inout z_stream) throws -> Void) throws -> [UInt8] {
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(inputBuffer.count)
            repeat {
                let produced = try chunk.withUnsafeMutableBufferPointer { chunkBuffer -> Int in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = UInt32(chunkBuffer.count)
                    try step(&stream)
                    return chunkBuffer.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
            } while stream.avail_out == 0
        }
        stream.next_in = nil
        return output
    }
}
