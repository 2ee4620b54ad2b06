import Foundation

/// Where the configuration and the data live, following the command-line contract:
/// an explicit option, then `$MERLE_CONFIG` / `$MERLE_DATA_DIR`, then the XDG folders.
public enum ConfigPaths {
    public static func configFile(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return expand(option) }
        if let path = environment["MERLE_CONFIG"], !path.isEmpty { return expand(path) }
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home(environment) + "/.config"
        return base + "/merle/config.toml"
    }

    public static func dataDirectory(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return expand(option) }
        if let path = environment["MERLE_DATA_DIR"], !path.isEmpty { return expand(path) }
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home(environment) + "/.local/share"
        return base + "/merle"
    }

    private static func home(_ environment: [String: String]) -> String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }

    private static func expand(_ path: String) -> String {
        (path as NSString).expandingTildeInPath
    }
}
