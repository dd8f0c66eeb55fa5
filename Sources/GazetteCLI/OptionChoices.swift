import ArgumentParser
import Gazette

// The library's fixed-value options, as command-line values: `--help` lists them.
extension SortOrder: ExpressibleByArgument {}
extension DateGranularity: ExpressibleByArgument {}

/// A value of a fixed set (`Value`), as typed on the command line.
///
/// It parses any text, and the command's `validate()` rejects a value outside
/// the set with the documented message ("--sort random: expected relevance,
/// newest or oldest", exit code 2) rather than the parser's own wording;
/// `--help` and shell completion list the set.
struct Choice<Value: ExpressibleByArgument & CaseIterable & RawRepresentable<String>>: ExpressibleByArgument {
    /// The text as typed.
    let text: String

    init?(argument: String) {
        text = argument
    }

    init(_ value: Value) {
        text = value.rawValue
    }

    /// The value, or nil for text outside the set.
    var value: Value? { Value(rawValue: text) }

    static var allValueStrings: [String] { Value.allValueStrings }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    var defaultValueDescription: String { text }

    /// Throws the usage error "OPTION TEXT: expected A, B or C" when the text names no value.
    func validate(_ option: String) throws {
        guard value == nil else { return }
        let names = Value.allCases.map(\.rawValue)
        let expected = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "") : names.joined()
        throw ValidationError("\(option) \(text): expected \(expected)")
    }
}

extension ExportFormat: ExpressibleByArgument {}

/// A language code as typed (`--lang EN`), for the commands that take one.
///
/// Like `Choice`, it parses any text, and the command's `validate()` rejects a
/// code that names no language with one documented message ("--lang english:
/// not a language code; use ISO 639-1, such as en or de", exit code 2).
struct LanguageCode: ExpressibleByArgument {
    /// The text as typed.
    let text: String

    init?(argument: String) {
        text = argument
    }

    /// The ISO 639-1 code (`en` for `EN`), or nil when the text names no language.
    var code: String? { Languages.normalized(text) }

    var defaultValueDescription: String { text }

    /// Throws the usage error "OPTION TEXT: not a language code; ..." when the text names no language.
    func validate(_ option: String) throws {
        guard code == nil else { return }
        throw ValidationError("\(option) \(text): not a language code; use ISO 639-1, such as en or de")
    }
}
