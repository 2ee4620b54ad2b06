import Foundation

extension ConfigLoader {
    /// Adds a `[[search]]` table to the end of the config file (`:save-search` in the
    /// reader), leaving the rest of the file as the user wrote it. The file is read back
    /// with the new table: when it does not load (or the name is taken), the file is put
    /// back as it was and the reason thrown. Returns the configuration as it now loads.
    @discardableResult
    public static func appendSearch(_ search: SavedSearch, toFile path: String) throws -> MerleConfiguration {
        let configuration = try load(path: path)
        if let taken = configuration.search(named: search.name) {
            throw ConfigError(file: path, problem: "a saved search is already named \"\(taken.name)\"",
                              fix: "choose another name, or change that one's query in the file")
        }
        guard let original = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, problem: "cannot read the file", fix: "check its permissions")
        }
        var text = String(decoding: original, as: UTF8.self)
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        text += "\n[[search]]\nname = \(tomlString(search.name))\nquery = \(tomlString(search.query))\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw ConfigError(file: path, problem: "cannot write the file", fix: "check its permissions")
        }
        do {
            return try load(path: path)
        } catch {
            _ = FileManager.default.createFile(atPath: path, contents: original)
            throw error
        }
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    static func tomlString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
