import GRDB

/// Shared conventions of the store's records: snake_case columns, Swift camelCase properties.
public protocol StoredRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {}

extension StoredRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}
