import Foundation

extension SignatureSource {
    /// The longest signature read (a file or a command's output); more is an error, not
    /// a silently cut text.
    public static let maximumBytes = 64 * 1024

    /// The signature's text: without a leading `-- ` line (the message adds one) and
    /// without trailing blank lines; nil when it is empty. A command runs with
    /// `/bin/sh -c` for at most `timeout` seconds.
    public func load(timeout: Double = 10) throws -> String? {
        let bytes: [UInt8]
        switch self {
        case let .text(text):
            bytes = Array(text.utf8)
        case let .file(path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SignatureError("cannot read the signature file \(path); check signature_file and the file's permissions")
            }
            bytes = [UInt8](data)
        case let .command(command):
            let result: ShellOutput
            do {
                result = try ShellOutput.run(command, timeout: timeout)
            } catch let failure as ShellOutput.Failure {
                throw SignatureError("the signature_command \(failure.reason); run it in a shell to see why")
            }
            guard result.status == 0 else {
                throw SignatureError("the signature_command failed with exit status \(result.status); run it in a shell to see why")
            }
            bytes = result.output
        }
        guard bytes.count <= Self.maximumBytes else {
            throw SignatureError("the signature is \(bytes.count) bytes; keep it under \(Self.maximumBytes / 1024) KB")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SignatureError("the signature is not UTF-8 text; save it as UTF-8")
        }
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.first == "-- " || lines.first == "--" { lines.removeFirst() }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}

/// Why a signature could not be read, in words that say what to fix.
public struct SignatureError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
