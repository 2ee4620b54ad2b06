import Foundation

/// Completes a file path as shells do: the entries of the folder typed so far whose
/// names start with the last part, folders with a `/` after them (`~` is home). Hidden
/// entries only when the part typed starts with a dot.
enum PathCompletion {
    /// At most this many names are offered (a folder of thousands stays quick).
    static let limit = 200

    @Sendable static func candidates(_ typed: String) -> [String] {
        let expanded = typed.hasPrefix("~") ? NSHomeDirectory() + typed.dropFirst() : typed
        let folder: String
        let prefix: String
        if let slash = expanded.lastIndex(of: "/") {
            folder = String(expanded[...slash])
            prefix = String(expanded[expanded.index(after: slash)...])
        } else {
            folder = FileManager.default.currentDirectoryPath + "/"
            prefix = expanded
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        let shown = typed.hasPrefix("~") ? "~" + folder.dropFirst(NSHomeDirectory().count) : (expanded.contains("/") ? folder : "")
        return names.filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted()
            .prefix(limit)
            .map { name in
                var isFolder: ObjCBool = false
                let folderEntry = FileManager.default.fileExists(atPath: folder + name, isDirectory: &isFolder) && isFolder.boolValue
                return shown + name + (folderEntry ? "/" : "")
            }
    }
}
