/// Finds a news agency's credit at the start of a paragraph: the dateline
/// forms `RIVERTON (AP) — …`, `(Reuters) - …`, `BEIJING, Jan. 5 (Xinhua) -- …`
/// and `PARIS - AFP - …`.
///
/// A second signal beside text similarity: it tells wire copy from a
/// newsroom's own story even when no other copy is in the archive.
public enum WireCredit {
    /// Known agencies by lower-cased spelling, with the name shown in results.
    static let known: [String: String] = [
        "ap": "AP", "associated press": "AP", "the associated press": "AP",
        "reuters": "Reuters", "thomson reuters": "Reuters",
        "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
        "xinhua": "Xinhua", "sputnik": "Sputnik", "upi": "UPI", "dpa": "dpa", "tass": "TASS", "itar-tass": "TASS",
        "efe": "EFE", "ansa": "ANSA", "kyodo": "Kyodo", "yonhap": "Yonhap", "pti": "PTI", "ians": "IANS",
        "ani": "ANI", "bloomberg": "Bloomberg", "anadolu": "Anadolu", "bernama": "Bernama", "aap": "AAP",
        "cp": "CP", "the canadian press": "CP", "canadian press": "CP", "pa": "PA", "press association": "PA",
        "interfax": "Interfax", "ria novosti": "RIA Novosti", "irna": "IRNA", "wafa": "WAFA", "mena": "MENA",
        "cns": "CNS", "nexstar": "Nexstar",
    ]

    /// Paragraphs looked at: a byline or a kicker line may come before the dateline.
    static let paragraphsChecked = 3
    /// Longest dateline before the credit, in characters.
    static let maxDateline = 60

    /// The agency credited at the start of one of the first paragraphs, if any.
    public static func detect(paragraphs: [String]) -> String? {
        for paragraph in paragraphs.prefix(paragraphsChecked) {
            if let agency = detect(paragraph: paragraph) { return agency }
        }
        return nil
    }

    /// The agency credited at the start of `paragraph`, if any.
    public static func detect(paragraph: String) -> String? {
        // Most paragraphs have no bracket or dash near their start: skip them without decoding.
        var mayHaveCredit = false
        for byte in paragraph.utf8.prefix(maxDateline + 40) where byte == 0x28 || byte == 0x2D || byte == 0xE2 {
            mayHaveCredit = true
            break
        }
        guard mayHaveCredit else { return nil }
        let head = Array(paragraph.unicodeScalars.prefix(maxDateline + 40))
        var index = 0
        // The dateline: words that start with a capital or a digit ("WASHINGTON,", "Jan.", "5").
        var words = 0
        var capitalDateline = false
        while index < head.count, index <= maxDateline {
            let scalar = head[index]
            if scalar == " " { index += 1; continue }
            guard startsDatelineWord(scalar) else { break }
            let start = index
            while index < head.count, head[index] != " ", head[index] != "(" { index += 1 }
            if words == 0 {
                let word = head[start..<index].filter { $0.properties.isAlphabetic }
                capitalDateline = word.count >= 2 && word.allSatisfy { $0.properties.isUppercase }
            }
            words += 1
            if words > 8 { return nil }
        }
        guard index < head.count else { return nil }
        if head[index] == "(" {
            guard let close = head[(index + 1)...].firstIndex(of: ")"), close - index <= 32 else { return nil }
            let name = trimmed(head[(index + 1)..<close])
            var after = close + 1
            while after < head.count, head[after] == " " { after += 1 }
            let dashFollows = after < head.count && isDash(head[after])
            if let agency = known[name.lowercased()] { return agency }
            // An unknown name counts only in the full dateline shape, `PLACE (Name) —`
            // with the place in capitals, or at the very start: "Smith (D) - …" is no credit.
            return dashFollows && (words == 0 || capitalDateline) && looksLikeAgency(name) ? name : nil
        }
        guard isDash(head[index]) else { return nil }
        while index < head.count, isDash(head[index]) || head[index] == " " { index += 1 }
        var end = index
        while end < head.count, !isDash(head[end]), head[end] != ":", end - index <= 30 { end += 1 }
        let name = trimmed(head[index..<end])
        // Without brackets only a known agency counts: "WASHINGTON - The senator…" is no credit.
        return known[name.lowercased()]
    }

    private static func trimmed(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var slice = scalars
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(String.UnicodeScalarView(slice))
    }

    private static func startsDatelineWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isUppercase || ("0"..."9").contains(scalar)
    }

    private static func isDash(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar == "\u{2014}" || scalar == "\u{2013}" || scalar == "\u{2012}" || scalar == "\u{2015}"
    }

    private static func looksLikeAgency(_ name: String) -> Bool {
        let words = name.split(separator: " ")
        guard (1...4).contains(words.count), (2...30).contains(name.count) else { return false }
        return words.allSatisfy { word in word.first.map { $0.isUppercase } ?? false }
    }
}
