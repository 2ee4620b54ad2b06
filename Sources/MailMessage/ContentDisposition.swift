/// A Content-Disposition value (RFC 2183): inline or attachment, with parameters.
public struct ContentDisposition: Sendable, Hashable {
    /// Lower-cased disposition type, e.g. "attachment" or "inline".
    public var type: String
    public var parameters: [MIMEParameter]

    public init(type: String, parameters: [MIMEParameter] = []) {
        self.type = type.lowercased()
        self.parameters = parameters
    }

    /// RFC 2183 section 2:
    ///   disposition := "Content-Disposition" ":" disposition-type *(";" disposition-parm)
    public init(headerValue: String) {
        let (leading, parameters) = ParameterParser.parse(headerValue)
        self.init(type: leading.trimmingMailWhitespace, parameters: parameters)
    }

    public var isAttachment: Bool { type == "attachment" }
    public var isInline: Bool { type == "inline" }
    public var filename: String? { parameters.value(named: "filename") }
}
