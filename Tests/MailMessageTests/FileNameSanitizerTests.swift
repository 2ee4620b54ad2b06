import Testing
@testable import MailMessage

@Suite struct FileNameSanitizerTests {
    @Test(arguments: ["../../etc/passwd", "/etc/passwd", "..\\..\\boot.ini", ".bashrc", "...", "", "a/../b", "\u{1B}[31mx.txt", "C:\\x", "-rf", "report\u{202E}fdp.exe", String(repeating: "ü", count: 500) + ".pdf"])
    func namesAreSafeToSave(name: String) {
        let safe = FileNameSanitizer.sanitize(name)
        #expect(!safe.isEmpty)
        #expect(!safe.contains("/") && !safe.contains("\\") && !safe.contains(".."))
        #expect(!safe.hasPrefix(".") && !safe.hasPrefix("-"))
        #expect(safe.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) && !(0x202A...0x202E).contains($0.value) })
        #expect(safe.utf8.count <= FileNameSanitizer.maxBytes)
    }

    @Test func ordinaryNamesAreKept() {
        #expect(FileNameSanitizer.sanitize("Quarterly report (final).pdf") == "Quarterly report (final).pdf")
        #expect(FileNameSanitizer.sanitize(nil, fallback: "part-2") == "part-2")
        #expect(FileNameSanitizer.sanitize(String(repeating: "a", count: 300) + ".pdf").hasSuffix(".pdf"))
    }
}
