/// A value bound to or read from SQLite.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var integer: Int64? {
        switch self {
        case .integer(let number): return number
        case .real(let number): return Int64(number)
        default: return nil
        }
    }

    public var real: Double? {
        switch self {
        case .integer(let number): return Double(number)
        case .real(let number): return number
        default: return nil
        }
    }

    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension SQLValue {
    public init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    public init(_ number: Int) { self = .integer(Int64(number)) }
}
