import GRDB

/// Shared conventions of the store's records: snake_case columns, Swift camelCase
/// properties, and dates read and written by `StoredDate` (GRDB's own text, without
/// Foundation's calendar and formatter, which loaded ICU for any record with a date).
public protocol StoredRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {}

extension StoredRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }

    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom { StoredDate.fromDatabaseValue($0)?.date }
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { StoredDate($0) }
    }
}
