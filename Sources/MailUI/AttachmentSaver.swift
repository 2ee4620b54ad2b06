import Foundation
import MailMessage

/// Writes an attachment to the user's disk: under a sanitised name, never over an
/// existing file (a number is added instead), readable by the user only until they
/// decide otherwise.
public enum AttachmentSaver {
    /// Where attachments go unless the user types another place: ~/Downloads when it
    /// exists, else the home folder.
    public static var defaultDirectory: String {
        let home = NSHomeDirectory()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: home + "/Downloads", isDirectory: &isDirectory), isDirectory.boolValue {
            return home + "/Downloads"
        }
        return home
    }

    /// Saves `data` at `path` (a folder, or a file path whose last part is sanitised);
    /// "~" means the home folder. Returns the path written.
    public static func save(_ data: [UInt8], to path: String, suggestedName: String) throws -> String {
        var target = path.hasPrefix("~") ? NSHomeDirectory() + path.dropFirst() : path
        var isDirectory: ObjCBool = false
        if target.hasSuffix("/") || (FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) && isDirectory.boolValue) {
            target = (target as NSString).appendingPathComponent(FileNameSanitizer.sanitize(suggestedName))
        } else {
            let folder = (target as NSString).deletingLastPathComponent
            target = ((folder.isEmpty ? "." : folder) as NSString)
                .appendingPathComponent(FileNameSanitizer.sanitize((target as NSString).lastPathComponent))
        }
        let stem = (target as NSString).deletingPathExtension
        let suffix = (target as NSString).pathExtension
        var candidate = target
        var number = 1
        while true {
            // O_EXCL: a file that appears meanwhile is never overwritten either.
            let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if descriptor >= 0 {
                defer { close(descriptor) }
                var written = 0
                while written < data.count {
                    let result = data[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                    guard result > 0 else { throw SaveError(path: candidate, reason: String(cString: strerror(errno))) }
                    written += result
                }
                return candidate
            }
            guard errno == EEXIST, number < 1000 else { throw SaveError(path: candidate, reason: String(cString: strerror(errno))) }
            candidate = stem + "-\(number)" + (suffix.isEmpty ? "" : "." + suffix)
            number += 1
        }
    }

    /// Why a file could not be written, in words.
    public struct SaveError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot save to \(path): \(reason); choose another folder" }
    }
}
