import Foundation
import Testing

/// `merle show --text` reads HTML through the config's html_viewer: a command, or the
/// mailcap's copiousoutput entry (`$MAILCAPS`); a failing one falls back with a note.
@Suite struct HTMLViewerCommandTests {
    @Test func htmlIsReadThroughTheConfiguredViewer() throws {
        let folder = try TemporaryFolder()
        let message = try folder.write("news.eml", "From: ann@example.test\r\nSubject: News\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                                       + "<p>Big <b>news</b> today</p>\r\n")
        func show(viewer: String, environment: [String: String] = [:]) throws -> MerleProcess.Result {
            let config = try TestConfig.unreachable(in: folder)
            let text = try String(contentsOfFile: config, encoding: .utf8)
            let with = try folder.write("config-\(UUID().uuidString).toml", "[general]\nhtml_viewer = \"\(viewer)\"\n\n" + text)
            return try MerleProcess.run(["show", "--file", message, "--text", "--config", with], environment: environment)
        }
        let command = try show(viewer: "sed 's/<[^>]*>//g' | tr a-z A-Z")
        #expect(command.status == 0, "\(command.stderr)")
        #expect(command.output.contains("\nBIG NEWS TODAY\n"), "\(command.output)")

        let mailcap = try folder.write("mailcap", "text/html; tr a-z A-Z < %s; copiousoutput; nametemplate=%s.html\n")
        let viaMailcap = try show(viewer: "mailcap", environment: ["MAILCAPS": mailcap])
        #expect(viaMailcap.output.contains("<P>BIG <B>NEWS</B> TODAY</P>"), "\(viaMailcap.output)")

        let failing = try show(viewer: "exit 9")
        #expect(failing.status == 0)
        #expect(failing.output.contains("failed with exit status 9") && failing.output.contains("Big news today"), "\(failing.output)")

        let builtIn = try MerleProcess.run(["show", "--file", message, "--text"])
        #expect(builtIn.output.contains("Big news today"), "no config: the built-in converter")
    }
}
