/// Named HTML character references Gazette decodes. Covers the markup that
/// shows up in scraped news text, not the full HTML5 list.
enum HTMLEntities {
    static let named: [String: UInt32] = {
        var table: [String: UInt32] = [
            "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27,
            "mdash": 0x2014, "ndash": 0x2013, "hellip": 0x2026, "minus": 0x2212,
            "lsquo": 0x2018, "rsquo": 0x2019, "ldquo": 0x201C, "rdquo": 0x201D,
            "sbquo": 0x201A, "bdquo": 0x201E, "lsaquo": 0x2039, "rsaquo": 0x203A,
            "trade": 0x2122, "euro": 0x20AC, "bull": 0x2022, "dagger": 0x2020, "Dagger": 0x2021,
            "permil": 0x2030, "prime": 0x2032, "Prime": 0x2033,
            "ensp": 0x20, "emsp": 0x20, "thinsp": 0x20, "zwnj": 0x200C, "zwj": 0x200D,
            "OElig": 0x152, "oelig": 0x153, "Scaron": 0x160, "scaron": 0x161, "Yuml": 0x178,
            "Zcaron": 0x17D, "zcaron": 0x17E, "fnof": 0x192, "circ": 0x2C6, "tilde": 0x2DC,
            "larr": 0x2190, "rarr": 0x2192, "uarr": 0x2191, "darr": 0x2193,
        ]
        // U+00A0...U+00FF in code point order.
        let latin1 = """
            nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr \
            deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest \
            Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml \
            ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig \
            agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml \
            eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml
            """
        for (offset, name) in latin1.split(separator: " ").enumerated() {
            table[String(name)] = 0xA0 + UInt32(offset)
        }
        return table
    }()

    /// Entities browsers accept without the closing `;`; only these are
    /// decoded bare, and only when no letter or digit follows.
    static let legacyBare: Set<String> = ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]
}
