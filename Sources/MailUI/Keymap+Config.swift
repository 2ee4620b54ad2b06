import MerleConfig
import Terminal

/// Key bindings from the config's `[keys.CONTEXT]` tables: `"x" = "delete"` binds x to
/// an action in that context (before the defaults, so it wins), `"d" = "none"` unbinds.
/// Action names are the help screen's actions in kebab case (`toggle-read`, `move-to`).
extension Keymap {
    /// The reader's keys for a configuration: its key set's defaults with its
    /// `[keys.CONTEXT]` tables applied.
    public static func configured(_ configuration: MerleConfiguration) throws -> Keymap {
        try defaults(configuration.general.keySet).applying(configuration.keys)
    }

    /// The config name of an action: `toggleRead` → `toggle-read`.
    public static func configName(_ action: UIAction) -> String {
        var name = ""
        for character in action.rawValue {
            if character.isUppercase { name += "-" + character.lowercased() } else { name.append(character) }
        }
        return name
    }

    /// This keymap with the config's bindings applied; a mistake is an error naming the
    /// table, the key or action, and what would be valid. A value of several steps is a
    /// `Macro`.
    public func applying(_ tables: [String: [String: String]]) throws -> Keymap {
        var result = self
        let actions = Dictionary(uniqueKeysWithValues: UIAction.allCases.map { (Self.configName($0), $0) })
        for (contextName, bindings) in tables.sorted(by: { $0.key < $1.key }) {
            guard let context = KeyContext.allCases.first(where: { $0.rawValue == contextName }) else {
                throw KeymapError("[keys.\(contextName)]: there is no such place; use "
                                  + KeyContext.allCases.map { "keys.\($0.rawValue)" }.joined(separator: ", "))
            }
            for (keyName, actionName) in bindings.sorted(by: { $0.key < $1.key }) {
                guard let key = Key(name: keyName) else {
                    throw KeymapError("[keys.\(contextName)] \"\(keyName)\": not a key name; write e.g. \"x\", \"C-x\", \"M-x\", \"Enter\", \"PgDn\" or \"F5\"")
                }
                var list = result.bindings[context] ?? []
                list.removeAll { $0.0 == key }
                result.macros[context, default: []].removeAll { $0.0 == key }
                if Macro.isMacro(actionName) {
                    do {
                        result.macros[context, default: []].append((key, try Macro.parse(actionName, actions: actions)))
                    } catch let error as MacroError {
                        throw KeymapError("[keys.\(contextName)] \"\(keyName)\" = \"\(actionName)\": \(error); write steps as \"action [text]; action [text]\" or \"key y\" (see merle-config(5))")
                    }
                    result.bindings[context] = list
                    continue
                }
                if actionName != "none" {
                    guard let action = actions[actionName] else {
                        let hint = actions.keys.min { Self.distance($0, actionName) < Self.distance($1, actionName) } ?? ""
                        throw KeymapError("[keys.\(contextName)] \"\(keyName)\" = \"\(actionName)\": no such action; did you mean \"\(hint)\"? (`?` in merle lists them)")
                    }
                    list.insert((key, action), at: 0)
                }
                result.bindings[context] = list
            }
        }
        return result
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A key binding in the config that cannot be used, in words.
public struct KeymapError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
