import CCursesShim
@preconcurrency import CNcursesw
import Foundation

/// The real terminal, through ncursesw.
///
/// Threading: ncurses is not thread-safe, so a `CursesScreen` is used only on the thread
/// that created it (the UI loop); it is deliberately not `Sendable`.
///
/// Terminal state: `start()` switches to the alternate screen in raw mode and installs
/// signal handlers so that SIGINT, SIGTERM, SIGHUP and crash signals restore the terminal
/// before the process ends; `stop()` restores it on a normal exit or an error. SIGWINCH
/// arrives as `Key.resize` (ncurses handles the signal). Ctrl-Z is a key; the UI calls
/// `suspend()` for it. `runExternal` hands the terminal to another program ($EDITOR).
public final class CursesScreen: Screen {
    public private(set) var size = ScreenSize(rows: 24, columns: 80)
    private var decoder = KeyDecoder()
    private var pairs: [PairKey: Int16] = [:]
    private var started = false
    private var colorsAvailable = false

    private struct PairKey: Hashable {
        var foreground: TerminalColor
        var background: TerminalColor
    }

    public init() {}

    /// Takes over the terminal. Throws when standard input/output is not a usable terminal.
    public func start() throws {
        Self.ensureUTF8Locale()
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError.notATerminal
        }
        merle_install_restore_handlers()
        guard merle_start_curses() == 0 else { throw TerminalError.cannotInitialise }
        started = true
        colorsAvailable = has_colors()
        updateSize()
    }

    /// Gives the terminal back: leaves the alternate screen and restores the modes.
    public func stop() {
        guard started else { return }
        started = false
        merle_stop_curses()
    }

    deinit {
        stop()
    }

    /// Wide characters render as garbage without a UTF-8 locale. Take the user's locale;
    /// if it is not UTF-8 (e.g. plain "C"), fall back to C.UTF-8, which glibc always has.
    static func ensureUTF8Locale() {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
            setlocale(LC_ALL, "C.UTF-8")
        }
    }

    private func updateSize() {
        size = ScreenSize(rows: Int(merle_lines()), columns: Int(merle_cols()))
    }

    // MARK: Drawing

    @discardableResult
    public func put(_ text: String, row: Int, column: Int, style: Style, maxWidth: Int?) -> Int {
        guard row >= 0, row < size.rows, column >= 0, column < size.columns else { return 0 }
        let limit = min(size.columns - column, maxWidth ?? Int.max)
        let attributes = attributes(for: style)
        var x = column
        // Runs of one-column characters go out in one call; anything wider or combined is
        // placed at its own computed column so a terminal that measures it differently
        // cannot shift what follows.
        var run: [wchar_t] = []
        var runStart = x
        func flush() {
            guard !run.isEmpty else { return }
            _ = merle_put_wide(Int32(row), Int32(runStart), run, Int32(run.count), attributes)
            run.removeAll(keepingCapacity: true)
        }
        // Text of simple scalars only (no controls, nothing that joins a neighbour; see
        // `DisplayWidth.simpleWidth`) is placed scalar by scalar.
        if text.unicodeScalars.allSatisfy({ DisplayWidth.simpleWidth(of: $0) != nil }) {
            for scalar in text.unicodeScalars {
                let width = DisplayWidth.simpleWidth(of: scalar) ?? 1
                if x + width > column + limit { break }
                if width == 1 {
                    if run.isEmpty { runStart = x }
                    run.append(wchar_t(bitPattern: scalar.value))
                } else {
                    flush()
                    _ = merle_put_wide(Int32(row), Int32(x), [wchar_t(bitPattern: scalar.value)], 1, attributes)
                }
                x += width
            }
            flush()
            return x - column
        }
        for character in ScreenText.cells(text) {
            let width = DisplayWidth.width(of: character)
            if width == 0 { continue }
            if x + width > column + limit { break }
            let scalars = character.unicodeScalars
            if width == 1 && scalars.count == 1 {
                if run.isEmpty { runStart = x }
                run.append(wchar_t(bitPattern: scalars.first!.value))
            } else {
                flush()
                let wide = scalars.map { wchar_t(bitPattern: $0.value) }
                _ = merle_put_wide(Int32(row), Int32(x), wide, Int32(wide.count), attributes)
            }
            x += width
        }
        flush()
        return x - column
    }

    public func fill(row: Int, column: Int, width: Int, style: Style) {
        guard width > 0 else { return }
        put(String(repeating: " ", count: width), row: row, column: column, style: style, maxWidth: width)
    }

    public func clear() {
        attrset(0)
        erase()
    }

    /// Ctrl-L: repaints every cell on the next refresh, whatever the terminal shows now.
    public func forceRepaint() {
        clearok(merle_stdscr(), true)
    }

    public func refresh() {
        CNcursesw.refresh()
    }

    public func setCursor(_ position: (row: Int, column: Int)?) {
        if let position {
            curs_set(1)
            move(Int32(position.row), Int32(position.column))
        } else {
            curs_set(0)
        }
    }

    private func attributes(for style: Style) -> UInt32 {
        var value: UInt32 = 0
        if style.attributes.contains(.bold) { value |= merle_attr_bold() }
        if style.attributes.contains(.underline) { value |= merle_attr_underline() }
        if style.attributes.contains(.reverse) { value |= merle_attr_reverse() }
        if style.attributes.contains(.dim) { value |= merle_attr_dim() }
        if style.attributes.contains(.italic) { value |= merle_attr_italic() }
        if colorsAvailable, style.foreground != .default || style.background != .default {
            value |= merle_color_pair(Int32(pair(for: style)))
        }
        return value
    }

    /// Colour pairs are allocated on first use; the theme uses only a handful.
    private func pair(for style: Style) -> Int16 {
        let key = PairKey(foreground: style.foreground, background: style.background)
        if let existing = pairs[key] { return existing }
        let number = Int16(pairs.count + 1)
        guard Int32(number) < merle_color_pairs() else { return 0 }
        func curses(_ color: TerminalColor) -> Int16 {
            switch color {
            case .default: return -1
            case .indexed(let index):
                if Int32(index) < merle_colors() { return Int16(index) }
                // Bright colours fall back to their basic ones; the 256-colour palette to
                // the terminal's default rather than to an unrelated basic colour.
                return index < 16 ? Int16(index % 8) : -1
            }
        }
        init_pair(number, curses(style.foreground), curses(style.background))
        pairs[key] = number
        return number
    }

    // MARK: Input

    /// Waits up to `timeoutMilliseconds` (forever when nil) for a key. Returns nil on timeout.
    public func readKey(timeoutMilliseconds: Int? = nil) -> Key? {
        timeout(Int32(timeoutMilliseconds ?? -1))
        while true {
            var character: wint_t = 0
            let result = get_wch(&character)
            if result == ERR {
                if let key = decoder.flush() { return key }
                return nil
            }
            let raw: RawInput
            if result == KEY_CODE_YES {
                let code = Int32(character)
                if code == KEY_RESIZE { updateSize() }
                if code == KEY_MOUSE {
                    guard let event = readMouse() else { continue }
                    raw = .mouse(event)
                } else {
                    raw = .keyCode(code)
                }
            } else {
                raw = .character(UInt32(character))
            }
            let keys = decoder.feed(raw)
            if decoder.isWaitingAfterEscape {
                // curses returns a lone ESC only after its own escape delay: a second byte
                // that makes it Alt+key is then already here, so nothing more is waited for.
                timeout(0)
                continue
            }
            timeout(Int32(timeoutMilliseconds ?? -1))
            if let first = keys.first {
                // Two keys only after ESC ESC or ESC + special key; the second is rare
                // enough to drop rather than queue.
                return first
            }
        }
    }

    /// Blocks until the terminal has input, `descriptor` (a wake-up pipe) is readable, a
    /// signal arrives (a resize), or `timeoutMilliseconds` pass (never, when nil). Call it
    /// only after `readKey(timeoutMilliseconds: 0)` returned nil, so curses holds no
    /// input of its own that the terminal would not show as readable.
    public func waitForInput(orReadable descriptor: Int32?, timeoutMilliseconds: Int?) {
        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
        if let descriptor { descriptors.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)) }
        let timeout = timeoutMilliseconds.map { Int32(clamping: max(0, $0)) } ?? -1
        _ = poll(&descriptors, nfds_t(descriptors.count), timeout)
    }

    private func readMouse() -> MouseEvent? {
        var y: Int32 = 0
        var x: Int32 = 0
        var state: UInt = 0
        guard merle_get_mouse(&y, &x, &state) == 0 else { return nil }
        let action: MouseEvent.Action
        if state & merle_mouse_wheel_up() != 0 {
            action = .wheelUp
        } else if merle_mouse_wheel_down() != 0, state & merle_mouse_wheel_down() != 0 {
            action = .wheelDown
        } else if state & (merle_mouse_button1_press() | merle_mouse_button1_click()) != 0 {
            action = .leftClick
        } else if state & merle_mouse_button3_press() != 0 {
            action = .rightClick
        } else {
            return nil
        }
        return MouseEvent(action, row: Int(y), column: Int(x))
    }

    // MARK: Handing over the terminal

    /// Ctrl-Z: gives the terminal back and stops; redraws after `fg`.
    public func suspend() {
        merle_suspend()
        updateSize()
    }

    /// Runs another program with the terminal (e.g. `$EDITOR file`), then takes it back.
    /// Returns the program's exit status.
    @discardableResult
    public func runExternal(_ executable: String, arguments: [String]) throws -> Int32 {
        try handingOver {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            // Through the shell so $EDITOR may carry arguments ("vim -u NONE"), as users expect;
            // the file names are passed as positional parameters, never spliced into the script.
            process.arguments = ["-c", executable + " \"$@\"", "sh"] + arguments
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// Runs `body` with the terminal handed over in its normal mode (curses left, the
    /// screen restored after): for a program that talks to the terminal itself, such as
    /// an editor or gpg-agent's pinentry.
    public func handingOver<T>(_ body: () throws -> T) rethrows -> T {
        merle_leave_for_program()
        defer {
            merle_resume_after_program()
            updateSize()
        }
        return try body()
    }
}

/// Why the terminal could not be used.
public enum TerminalError: Error, CustomStringConvertible, Sendable {
    case notATerminal
    case cannotInitialise

    public var description: String {
        switch self {
        case .notATerminal: return "standard input and output must be a terminal; use `merle list` and `merle show` in scripts"
        case .cannotInitialise: return "cannot initialise the terminal; check that $TERM names a known terminal"
        }
    }
}
