import Foundation

/// The third-party test corpus, found from this file's location: up to the folder holding
/// Package.swift (symlinks resolved, so a side package pointing here works), then `Tests/Corpus`.
enum Corpus {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func directory(_ relative: String) throws -> URL {
        var folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { break }
            folder = folder.deletingLastPathComponent()
        }
        let target = folder.appendingPathComponent("Tests/Corpus").appendingPathComponent(relative).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Missing(description: "the corpus folder \(target.path) is missing: the corpus is part of the repository (Tests/Corpus)")
        }
        return target
    }

    /// Every regular file under `folder`, sorted, as paths relative to it.
    static func files(in folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var result: [String] = []
        while let next = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(next).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append(next)
            }
        }
        return result.sorted()
    }
}
