import ArgumentParser
import Foundation
import MerleConfig

/// Runs a command body; any error becomes one line on stderr, saying what failed and
/// what to do, and exit status 1 (the command-line contract).
func runReportingFailure(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch let error as MissingConfigError {
        // One line saying what failed and what to do; the sample follows it.
        FileHandle.standardError.write(Data("merle: \(TerminalText.oneLine(error.summary))\n\n\(error.sample)".utf8))
        throw ExitCode.failure
    } catch {
        let text = TerminalText.oneLine("\(error)")
        FileHandle.standardError.write(Data("merle: \(text)\n".utf8))
        throw ExitCode.failure
    }
}

/// Output helpers for text that came from outside (servers, messages, files).
enum TerminalText {
    /// Replaces control characters and escape sequences with visible stand-ins, so
    /// nothing from a server or a message can drive the terminal.
    static func safe(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A:
                result.unicodeScalars.append(scalar)
            case 0x00..<0x20, 0x7F, 0x80..<0xA0:
                result += String(format: "\\x%02X", scalar.value)
            case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F:
                result += String(format: "<U+%04X>", scalar.value)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `safe`, folded onto one line.
    static func oneLine(_ text: String) -> String {
        safe(text).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
    }
}

/// Writes one JSON object per line (`--json`).
enum JSONLines {
    static func write<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(value)
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }
}
