import Foundation

/// Where an installed `merle` finds its themes. `scripts/install PREFIX` puts the binary
/// in `PREFIX/bin` and the themes in `PREFIX/share/merle/themes`, not the resource bundle
/// SwiftPM leaves beside a built binary (a `Merle_MailUI.resources` folder has no place
/// in `bin/`), so the binary looks for that folder next to its own.
enum InstalledThemes {
    /// `../share/merle/themes` from the binary's real location (symbolic links followed),
    /// when it exists.
    static var folders: [String] {
        guard let binary = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return [] }
        let folder = binary.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/merle/themes").path
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue ? [folder] : []
    }
}
