import Foundation
import Testing

/// `merle --folder NAME` opens that folder first, as `mutt -f` does; an unknown name is
/// one line saying where the names are.
@Suite(.serialized) struct ReaderStartTests {
    @Test func theReaderOpensTheFolderAskedFor() throws {
        let folder = try TemporaryFolder()
        _ = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "30"])
        let config = try ComposePathTests.demoConfig(in: folder)
        let tmux = try TUITmuxTests.TmuxSession(columns: 120, rows: 30)
        defer { tmux.close() }
        try tmux.type("\(MerleProcess.binary.path) --config \(config) --data-dir \(folder.path)/demo --offline --folder Lists/swift-dev")
        try tmux.send("Enter")
        try tmux.waitFor("the folder asked for") { $0.contains("-- demo/Lists/swift-dev") }
        try tmux.send("q")

        let unknown = try MerleProcess.run(["--config", config, "--data-dir", folder.path + "/demo", "--offline", "--folder", "Nowhere"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("there is no folder \"Nowhere\""), "\(unknown.stderr)")
    }
}
