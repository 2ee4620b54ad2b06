/// A problem with the configuration file, located and explained so the user can fix it.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line and column, when the problem has a place in the file.
    public var line: Int?
    public var column: Int?
    /// What is wrong.
    public var problem: String
    /// What to write instead.
    public var fix: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, problem: String, fix: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
        self.fix = fix
    }

    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        var text = "\(place): \(problem)"
        if let fix { text += "; \(fix)" }
        return text
    }
}

/// No configuration file where one was looked for.
public struct MissingConfigError: Error, Sendable, CustomStringConvertible {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// What failed and what to do, on one line.
    public var summary: String {
        "no configuration file at \(path); create it from the sample below (or pass --config PATH), or try `merle demo`"
    }

    /// A sample to start from.
    public var sample: String { ConfigLoader.sampleConfig }

    public var description: String { summary + "\n\n" + sample }
}
