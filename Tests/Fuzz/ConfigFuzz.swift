// libFuzzer entry for the TOML config loader (TOMLKit's toml++ and MerleConfig's checks):
// any file text gives a configuration that passed every check, or a ConfigError with
// a place inside the file; nothing else escapes, nothing crashes, no command is run.
// Built by scripts/fuzz against MerleConfig, Transport and TOMLKit built by SwiftPM.
import MerleConfig

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else {
        return 0   // load(path:) refuses non-UTF-8 files before parsing
    }
    do {
        let config = try ConfigLoader.parse(text, file: "fuzz.toml")
        precondition(!config.accounts.isEmpty, "a configuration without accounts")
        for account in config.accounts {
            precondition(!account.name.isEmpty && account.email.contains("@"), "unchecked account \(account.name)")
            for server in [account.incoming.server] + (account.smtp.map { [$0] } ?? []) {
                precondition(!server.host.isEmpty && !server.host.contains(where: \.isWhitespace) && server.port > 0,
                             "unchecked server \(server.host):\(server.port)")
            }
        }
    } catch let error as ConfigError {
        // Counted in scalars: "\r\n" is one Character, so splitting the String would miss it.
        let lines = text.unicodeScalars.filter { $0 == "\n" }.count + 1
        if let line = error.line { precondition(line >= 1 && line <= lines, "line \(line) of \(lines)") }
        if let column = error.column { precondition(column >= 1, "column \(column)") }
        _ = error.description
    } catch {
        preconditionFailure("not a ConfigError: \(type(of: error)) \(error)")
    }
    return 0
}
