/// Gazette's one JSON encoder: every `--json` shape (and any other front end's
/// JSON, such as an HTTP API) is an `Encodable` value printed through here.
///
/// It encodes into a `JSONValue` tree and prints that with `JSONValue.serialized()`,
/// rather than using Foundation's `JSONEncoder`, for two reasons: objects keep
/// their keys in the order `encode(to:)` writes them (the documented order, which
/// `JSONEncoder` does not promise), and numbers are printed exactly as they always
/// have been (integral doubles without `.0`, nine decimals at most, no escaped `/`).
///
/// Each call uses its own encoder state, so it is safe to call from many threads at once.
public enum GazetteJSON {
    /// Compact JSON text of `value`, on one line.
    ///
    /// Gazette's own result types never throw: this encoder throws nothing, and
    /// their `encode(to:)` throws only what the encoder throws. A type of your own may.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        try self.value(value).serialized()
    }

    /// `value` as a `JSONValue` tree, objects in the order `encode(to:)` wrote their keys.
    public static func value<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = EncodingSlot()
        try value.encode(to: SlotEncoder(slot: root, codingPath: []))
        return root.resolved()
    }
}

/// Where one encoded value goes. A class, because `Encoder` hands out
/// containers by value and they must all write into the same place.
/// Lives for one `GazetteJSON.value` call on one thread.
final class EncodingSlot {
    enum Member {
        case value(JSONValue)
        case slot(EncodingSlot)

        func resolved() -> JSONValue {
            switch self {
            case .value(let value): return value
            case .slot(let slot): return slot.resolved()
            }
        }
    }

    enum Content {
        case empty
        case value(JSONValue)
        case object([(String, Member)])
        case array([Member])
    }

    var content = Content.empty

    /// An empty slot encodes as `{}`, as `JSONEncoder` does for a type that writes nothing.
    func resolved() -> JSONValue {
        switch content {
        case .empty: return .object([])
        case .value(let value): return value
        case .object(let members): return .object(members.map { ($0.0, $0.1.resolved()) })
        case .array(let members): return .array(members.map { $0.resolved() })
        }
    }

    func makeObject() {
        if case .object = content { return }
        content = .object([])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    /// Sets `key`, keeping its first position when it is written again.
    func set(_ member: Member, for key: String) {
        guard case .object(var members) = content else {
            content = .object([(key, member)])
            return
        }
        // Drop the enum's reference first so `members` is unique and grows in place.
        content = .empty
        if let index = members.firstIndex(where: { $0.0 == key }) {
            members[index].1 = member
        } else {
            members.append((key, member))
        }
        content = .object(members)
    }

    func append(_ member: Member) {
        guard case .array(var members) = content else {
            content = .array([member])
            return
        }
        content = .empty
        members.append(member)
        content = .array(members)
    }

    var count: Int {
        switch content {
        case .array(let members): return members.count
        case .object(let members): return members.count
        default: return 0
        }
    }
}

extension EncodingSlot {
    /// The scalar a value of a standard type encodes to, or nil for any other type
    /// (which then encodes itself into a slot of its own).
    static func primitive<T>(_ value: T) -> JSONValue? {
        switch value {
        case let value as String: return .string(value)
        case let value as Int: return .int(value)
        case let value as Int64: return integer(value)
        case let value as Double: return .double(value)
        case let value as Bool: return .bool(value)
        default: return nil
        }
    }

    /// An integer as `.int` when `Int` holds it, else as a double (only a `UInt64`
    /// above `Int.max` can miss), so encoding never fails.
    static func integer<T: BinaryInteger>(_ value: T) -> JSONValue {
        Int(exactly: value).map { .int($0) } ?? .double(Double(value))
    }

    /// Encodes `value` into a member: scalars directly, anything else through its own `encode(to:)`.
    static func member<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> EncodingSlot.Member {
        if let scalar = primitive(value) { return .value(scalar) }
        let slot = EncodingSlot()
        try value.encode(to: SlotEncoder(slot: slot, codingPath: codingPath))
        return .slot(slot)
    }
}

struct SlotEncoder: Encoder {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.makeObject()
        return KeyedEncodingContainer(SlotKeyedContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.makeArray()
        return SlotUnkeyedContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SlotSingleValueContainer(slot: slot, codingPath: codingPath)
    }
}

/// A key for positions in arrays and for `super`, which the standard library does not provide.
private struct PlainKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

struct SlotKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]

    private func put(_ value: JSONValue, _ key: Key) { slot.set(.value(value), for: key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.int(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(EncodingSlot.integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(EncodingSlot.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(EncodingSlot.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(EncodingSlot.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(EncodingSlot.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(EncodingSlot.integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(EncodingSlot.integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(EncodingSlot.integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(EncodingSlot.integer(value), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        slot.set(try EncodingSlot.member(value, codingPath: codingPath + [key]), for: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingSlot()
        slot.set(.slot(child), for: key.stringValue)
        return SlotEncoder(slot: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingSlot()
        slot.set(.slot(child), for: key.stringValue)
        return SlotEncoder(slot: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: PlainKey(stringValue: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(named: key)
    }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let child = EncodingSlot()
        slot.set(.slot(child), for: key.stringValue)
        return SlotEncoder(slot: child, codingPath: codingPath + [key])
    }
}

struct SlotUnkeyedContainer: UnkeyedEncodingContainer {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]
    var count: Int { slot.count }

    private func put(_ value: JSONValue) { slot.append(.value(value)) }
    private var nextPath: [any CodingKey] { codingPath + [PlainKey(intValue: count)] }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(.double(value)) }
    mutating func encode(_ value: Float) throws { put(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { put(.int(value)) }
    mutating func encode(_ value: Int8) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: Int16) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: Int32) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: Int64) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: UInt) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: UInt8) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: UInt16) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: UInt32) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: UInt64) throws { put(EncodingSlot.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        slot.append(try EncodingSlot.member(value, codingPath: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingSlot()
        let path = nextPath
        slot.append(.slot(child))
        return SlotEncoder(slot: child, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodingSlot()
        let path = nextPath
        slot.append(.slot(child))
        return SlotEncoder(slot: child, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingSlot()
        let path = nextPath
        slot.append(.slot(child))
        return SlotEncoder(slot: child, codingPath: path)
    }
}

struct SlotSingleValueContainer: SingleValueEncodingContainer {
    let slot: EncodingSlot
    let codingPath: [any CodingKey]

    private func put(_ value: JSONValue) { slot.content = .value(value) }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(.double(value)) }
    mutating func encode(_ value: Float) throws { put(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { put(.int(value)) }
    mutating func encode(_ value: Int8) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: Int16) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: Int32) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: Int64) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: UInt) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: UInt8) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: UInt16) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: UInt32) throws { put(EncodingSlot.integer(value)) }
    mutating func encode(_ value: UInt64) throws { put(EncodingSlot.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if let scalar = EncodingSlot.primitive(value) {
            put(scalar)
        } else {
            // The value writes into this same slot, as JSONEncoder does for a wrapped value.
            try value.encode(to: SlotEncoder(slot: slot, codingPath: codingPath))
        }
    }
}
