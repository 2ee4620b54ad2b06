import Testing
@testable import MerleConfig

/// Regression tests for two crashes scripts/fuzz found (target `config`): toml++ aborted
/// the process on an assertion, so `merle config check` on a file holding `[=]` or
/// `a = [}]` died instead of saying what is wrong.
/// - `Assertion 'is_bare_key_character(*cp) || is_string_delimiter(*cp)' failed` (a table header)
/// - `Assertion '!is_value_terminator(*cp)' failed` (an array)
@Suite struct TOMLCrashGuardTests {
    /// The fuzzer's inputs first, then their relatives: each text, and the line and column of the bad character.
    static let crashers: [(String, Int, Int)] = [
        ("[[account]]\n[[= ", 2, 3),
        ("[eral]\nthe =[[}{a[g[general]\nthemee = \"dn\n", 2, 8),
        ("[=]", 1, 2),
        ("[ =]", 1, 3),
        ("[[=]]", 1, 3),
        ("[[ =]]", 1, 4),
        ("[.a]", 1, 2),
        ("[\t#]", 1, 3),
        ("[!]", 1, 2),
        ("\u{FEFF}[=]", 1, 3),
        ("[a]\nk = 1\n  [=b]", 3, 4),
        ("k = \"\"\"\nline\n\"\"\"\n[=]", 4, 2),
        ("a = [}]", 1, 6),
        ("a = [ }", 1, 7),
        ("a = [1,}]", 1, 8),
        ("a = [[}]]", 1, 7),
        ("a = [\n}\n]", 2, 1),
        ("a = [ # comment\n  }]", 2, 3),
        ("a = {b=[}]}", 1, 9),
        ("a = [\u{2028}]", 1, 6),
        ("a = [1, \u{85}]", 1, 9),
    ]

    @Test(arguments: crashers)
    func whatWouldCrashTheParserIsAConfigError(text: String, line: Int, column: Int) throws {
        #expect {
            try ConfigLoader.parse(text, file: "bad.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.line == line && error.column == column && error.description.hasPrefix("bad.toml:\(line):\(column): not valid TOML: ")
                && (error.problem.contains("table header must start with a name") || error.problem.contains("where a value belongs"))
        }
    }

    /// A mistake in an earlier statement is reported first, as the TOML parser would.
    @Test(arguments: ["name = \"unterminated\n[=]\n", "name = \"unterminated\nlist = [\n}\n]\n"])
    func anEarlierMistakeIsStillReportedFirst(text: String) throws {
        #expect {
            try ConfigLoader.parse(text)
        } throws: { error in
            (error as? ConfigError)?.line == 1 && "\(error)".contains("not valid TOML") && !"\(error)".contains("value belongs")
        }
    }

    /// What only looks like those places — inside strings, comments and arrays — is left to TOML.
    @Test func lookAlikesAreLeftAlone() throws {
        let config = try ConfigLoader.parse("""
            [[account]]
            name = "work"
            email = "alice@example.test"

            [account.imap]
            host = "imap.example.test"
            user = "alice"
            password_command = \"\"\"
            [=] is not a header here \\
            [.a] nor here, a = [} nor this
            \"\"\"
            oauth_token_command = '''
            [!] nor here
            '''
            """)
        #expect(config.accounts.first?.incoming.server.passwordCommand?.contains("[=] is not a header here") == true)
        #expect(TOMLCrashGuard.firstCrash(in: "a = [\n  [+1],\n  [{ b = 1 }], # }\n  \"}\",\n]\n") == nil)
        #expect(TOMLCrashGuard.firstCrash(in: "a = \"[=]\" # [=]\n[b] # [=] [}]\nc = { d = [1, 2] }\n") == nil)
        #expect(TOMLCrashGuard.firstCrash(in: "a = []\nb = [ ]\nc = [\n]\n") == nil)
    }
}
