import TOMLKit

extension ConfigLoader {
    /// `[keys.index]`, `[keys.pager]` … : tables of `"key" = "action"` strings. Their
    /// names are checked here for shape (a table of strings); which keys and actions
    /// exist is the UI's to say, with the same table and key in its message.
    static func parseKeys(_ root: TOMLTable, reader: TableReader) throws -> [String: [String: String]] {
        guard let keys = try reader.table(root, "keys", path: "") else { return [:] }
        var result: [String: [String: String]] = [:]
        for context in keys.keys {
            guard let table = keys[context]?.table else {
                throw reader.error("keys.\(context)", problem: "`keys.\(context)` must be a table of key = action",
                                   fix: "write it as [keys.\(context)] followed by lines like \"x\" = \"delete\"")
            }
            var bindings: [String: String] = [:]
            for key in table.keys {
                guard let action = try reader.string(table, key, path: "keys.\(context)") else { continue }
                bindings[key] = action
            }
            result[context] = bindings
        }
        return result
    }
}
