import Foundation

/// How the analyzer treats one Unicode scalar.
enum ScalarKind: UInt8, Sendable {
    /// Separates words (spaces, punctuation, symbols).
    case separator
    /// Part of a word; its folded form is appended to the token.
    case word
    /// Han, Hiragana, Katakana: scripts written without spaces, indexed as bigrams.
    case cjk
    /// ' and its typographic forms: kept inside a word, dropped at its edges.
    case apostrophe
    /// - and its Unicode forms: splits a compound whose joined form is also indexed.
    case hyphen
    /// U+00AD: invisible, ignored inside a word.
    case softHyphen
    /// . and , (ASCII only): kept between digits ("4.5"), dropped elsewhere.
    case digitSeparator
}

/// A scalar's kind and its folded UTF-8 bytes (case folded, diacritics and
/// width removed, compatibility forms expanded). Computed with Foundation
/// once per scalar and cached, never per token.
struct FoldedScalar: Sendable {
    var kind: ScalarKind
    var folded: [UInt8]
    /// The lower-case form with its diacritics, for Snowball stemmers, which
    /// need the accented word (words only; empty otherwise).
    var lowered: [UInt8] = []
}

enum ScalarFolding {
    /// U+0080 ..< U+0530 (Latin-1, Latin Extended, IPA, Greek, Cyrillic): each
    /// analyzer folds these through a flat table (`Analyzer.lookup`).
    static let tableRange: Range<UInt32> = 0x80..<0x530

    static func compute(_ value: UInt32) -> FoldedScalar {
        guard let scalar = Unicode.Scalar(value) else { return FoldedScalar(kind: .separator, folded: []) }
        switch value {
        case 0x2D, 0x2010, 0x2011: return FoldedScalar(kind: .hyphen, folded: [])
        case 0x27, 0x2019, 0x2018, 0x02BC: return FoldedScalar(kind: .apostrophe, folded: [])
        case 0xAD: return FoldedScalar(kind: .softHyphen, folded: [])
        case 0x2E, 0x2C: return FoldedScalar(kind: .digitSeparator, folded: [])
        default: break
        }
        if isCJK(value) {
            return FoldedScalar(kind: .cjk, folded: fold(scalar))
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return FoldedScalar(kind: .word, folded: fold(scalar), lowered: Array(String(scalar).lowercased().utf8))
        default:
            return FoldedScalar(kind: .separator, folded: [])
        }
    }

    /// Scripts written without spaces between words.
    static func isCJK(_ value: UInt32) -> Bool {
        switch value {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xF900...0xFAFF, 0xFF66...0xFF9F, 0x20000...0x2FFFF:
            return true
        default:
            return false
        }
    }

    /// Case folds, removes diacritics and maps compatibility and width
    /// variants, keeping only letters and numbers of the result: `Ü` -> `u`,
    /// `ß` -> `ss`, `Ａ` -> `a`, `ﬁ` -> `fi`, `ё` -> `е`, a lone combining mark -> nothing.
    static func fold(_ scalar: Unicode.Scalar) -> [UInt8] {
        let folded = String(Character(scalar))
            .decomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var bytes: [UInt8] = []
        for result in folded.unicodeScalars {
            switch result.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                bytes.append(contentsOf: String(result).utf8)
            default:
                continue
            }
        }
        return bytes
    }
}
