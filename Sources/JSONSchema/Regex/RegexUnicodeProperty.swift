/// A Unicode property that `\p{…}` can name, evaluated per scalar through the standard library's
/// `Unicode.Scalar.Properties` so that no property tables have to be shipped.
enum RegexUnicodeProperty: Hashable, Sendable {
    /// A set of general categories, as a bit mask over `RegexUnicodeProperty.categoryBit(_:)`.
    case generalCategories(UInt32)
    /// A binary property such as `Alphabetic` or `White_Space`.
    case binary(Binary)
    /// Every code point.
    case any
    /// Every assigned code point.
    case assigned
    /// U+0000 to U+007F.
    case ascii

    /// The binary properties ECMA-262 lists that Swift can answer.
    enum Binary: Hashable, Sendable {
        case alphabetic, asciiHexDigit, bidiControl, bidiMirrored, caseIgnorable, cased
        case changesWhenCasefolded, changesWhenCasemapped, changesWhenLowercased
        case changesWhenNFKCCasefolded, changesWhenTitlecased, changesWhenUppercased
        case dash, defaultIgnorableCodePoint, deprecated, diacritic, emoji, emojiModifier
        case emojiModifierBase, emojiPresentation, extender, graphemeBase, graphemeExtend
        case hexDigit, idsBinaryOperator, idsTrinaryOperator, idContinue, idStart, ideographic
        case joinControl, logicalOrderException, lowercase, math, noncharacterCodePoint
        case patternSyntax, patternWhiteSpace, quotationMark, radical, regionalIndicator
        case sentenceTerminal, softDotted, terminalPunctuation, unifiedIdeograph, uppercase
        case variationSelector, whiteSpace, xidContinue, xidStart
    }

    /// Whether `scalar` has the property.
    func contains(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value) else {
            // Lone surrogates never occur in a Swift string, so only `Any` and `Cs` could match them.
            switch self {
            case .any: return true
            case .generalCategories(let mask): return mask & (1 << 28) != 0
            default: return false
            }
        }
        switch self {
        case .any: return true
        case .ascii: return value < 0x80
        case .assigned: return scalar.properties.generalCategory != .unassigned
        case .generalCategories(let mask):
            return mask & (1 << Self.categoryBit(scalar.properties.generalCategory)) != 0
        case .binary(.regionalIndicator): return (0x1F1E6...0x1F1FF).contains(value)
        case .binary(let property): return property.contains(scalar.properties)
        }
    }

    /// The bit that stands for `category` in a `generalCategories` mask.
    static func categoryBit(_ category: Unicode.GeneralCategory) -> UInt32 {
        switch category {
        case .uppercaseLetter: 0
        case .lowercaseLetter: 1
        case .titlecaseLetter: 2
        case .modifierLetter: 3
        case .otherLetter: 4
        case .nonspacingMark: 5
        case .spacingMark: 6
        case .enclosingMark: 7
        case .decimalNumber: 8
        case .letterNumber: 9
        case .otherNumber: 10
        case .connectorPunctuation: 11
        case .dashPunctuation: 12
        case .openPunctuation: 13
        case .closePunctuation: 14
        case .initialPunctuation: 15
        case .finalPunctuation: 16
        case .otherPunctuation: 17
        case .mathSymbol: 18
        case .currencySymbol: 19
        case .modifierSymbol: 20
        case .otherSymbol: 21
        case .spaceSeparator: 22
        case .lineSeparator: 23
        case .paragraphSeparator: 24
        case .control: 25
        case .format: 26
        case .privateUse: 27
        case .surrogate: 28
        case .unassigned: 29
        @unknown default: 29
        }
    }

    /// Looks up `\p{name}` or `\p{name=value}` as ECMA-262 spells them; nil for a name it does not know.
    static func named(_ name: String, value: String?) -> RegexUnicodeProperty? {
        if let value {
            switch name {
            case "General_Category", "gc": return categories[value].map { .generalCategories($0) }
            default: return nil  // Script and Script_Extensions need tables Swift does not expose.
            }
        }
        if let mask = categories[name] { return .generalCategories(mask) }
        switch name {
        case "Any": return .any
        case "ASCII": return .ascii
        case "Assigned": return .assigned
        default: return binaries[name].map { .binary($0) }
        }
    }

    private static func mask(_ bits: UInt32...) -> UInt32 {
        bits.reduce(0) { $0 | (1 << $1) }
    }

    /// General category values and their aliases (PropertyValueAliases.txt), as masks.
    private static let categories: [String: UInt32] = {
        let groups: [([String], UInt32)] = [
            (["Lu", "Uppercase_Letter"], mask(0)),
            (["Ll", "Lowercase_Letter"], mask(1)),
            (["Lt", "Titlecase_Letter"], mask(2)),
            (["LC", "Cased_Letter"], mask(0, 1, 2)),
            (["Lm", "Modifier_Letter"], mask(3)),
            (["Lo", "Other_Letter"], mask(4)),
            (["L", "Letter"], mask(0, 1, 2, 3, 4)),
            (["Mn", "Nonspacing_Mark"], mask(5)),
            (["Mc", "Spacing_Mark"], mask(6)),
            (["Me", "Enclosing_Mark"], mask(7)),
            (["M", "Mark", "Combining_Mark"], mask(5, 6, 7)),
            (["Nd", "Decimal_Number", "digit"], mask(8)),
            (["Nl", "Letter_Number"], mask(9)),
            (["No", "Other_Number"], mask(10)),
            (["N", "Number"], mask(8, 9, 10)),
            (["Pc", "Connector_Punctuation"], mask(11)),
            (["Pd", "Dash_Punctuation"], mask(12)),
            (["Ps", "Open_Punctuation"], mask(13)),
            (["Pe", "Close_Punctuation"], mask(14)),
            (["Pi", "Initial_Punctuation"], mask(15)),
            (["Pf", "Final_Punctuation"], mask(16)),
            (["Po", "Other_Punctuation"], mask(17)),
            (["P", "Punctuation", "punct"], mask(11, 12, 13, 14, 15, 16, 17)),
            (["Sm", "Math_Symbol"], mask(18)),
            (["Sc", "Currency_Symbol"], mask(19)),
            (["Sk", "Modifier_Symbol"], mask(20)),
            (["So", "Other_Symbol"], mask(21)),
            (["S", "Symbol"], mask(18, 19, 20, 21)),
            (["Zs", "Space_Separator"], mask(22)),
            (["Zl", "Line_Separator"], mask(23)),
            (["Zp", "Paragraph_Separator"], mask(24)),
            (["Z", "Separator"], mask(22, 23, 24)),
            (["Cc", "Control", "cntrl"], mask(25)),
            (["Cf", "Format"], mask(26)),
            (["Co", "Private_Use"], mask(27)),
            (["Cs", "Surrogate"], mask(28)),
            (["Cn", "Unassigned"], mask(29)),
            (["C", "Other"], mask(25, 26, 27, 28, 29)),
        ]
        var table: [String: UInt32] = [:]
        for (names, mask) in groups {
            for name in names { table[name] = mask }
        }
        return table
    }()

    /// Binary property names and their short aliases (PropertyAliases.txt).
    private static let binaries: [String: Binary] = {
        let pairs: [([String], Binary)] = [
            (["Alphabetic", "Alpha"], .alphabetic),
            (["ASCII_Hex_Digit", "AHex"], .asciiHexDigit),
            (["Bidi_Control", "Bidi_C"], .bidiControl),
            (["Bidi_Mirrored", "Bidi_M"], .bidiMirrored),
            (["Case_Ignorable", "CI"], .caseIgnorable),
            (["Cased"], .cased),
            (["Changes_When_Casefolded", "CWCF"], .changesWhenCasefolded),
            (["Changes_When_Casemapped", "CWCM"], .changesWhenCasemapped),
            (["Changes_When_Lowercased", "CWL"], .changesWhenLowercased),
            (["Changes_When_NFKC_Casefolded", "CWKCF"], .changesWhenNFKCCasefolded),
            (["Changes_When_Titlecased", "CWT"], .changesWhenTitlecased),
            (["Changes_When_Uppercased", "CWU"], .changesWhenUppercased),
            (["Dash"], .dash),
            (["Default_Ignorable_Code_Point", "DI"], .defaultIgnorableCodePoint),
            (["Deprecated", "Dep"], .deprecated),
            (["Diacritic", "Dia"], .diacritic),
            (["Emoji"], .emoji),
            (["Emoji_Modifier", "EMod"], .emojiModifier),
            (["Emoji_Modifier_Base", "EBase"], .emojiModifierBase),
            (["Emoji_Presentation", "EPres"], .emojiPresentation),
            (["Extender", "Ext"], .extender),
            (["Grapheme_Base", "Gr_Base"], .graphemeBase),
            (["Grapheme_Extend", "Gr_Ext"], .graphemeExtend),
            (["Hex_Digit", "Hex"], .hexDigit),
            (["IDS_Binary_Operator", "IDSB"], .idsBinaryOperator),
            (["IDS_Trinary_Operator", "IDST"], .idsTrinaryOperator),
            (["ID_Continue", "IDC"], .idContinue),
            (["ID_Start", "IDS"], .idStart),
            (["Ideographic", "Ideo"], .ideographic),
            (["Join_Control", "Join_C"], .joinControl),
            (["Logical_Order_Exception", "LOE"], .logicalOrderException),
            (["Lowercase", "Lower"], .lowercase),
            (["Math"], .math),
            (["Noncharacter_Code_Point", "NChar"], .noncharacterCodePoint),
            (["Pattern_Syntax", "Pat_Syn"], .patternSyntax),
            (["Pattern_White_Space", "Pat_WS"], .patternWhiteSpace),
            (["Quotation_Mark", "QMark"], .quotationMark),
            (["Radical"], .radical),
            (["Regional_Indicator", "RI"], .regionalIndicator),
            (["Sentence_Terminal", "STerm"], .sentenceTerminal),
            (["Soft_Dotted", "SD"], .softDotted),
            (["Terminal_Punctuation", "Term"], .terminalPunctuation),
            (["Unified_Ideograph", "UIdeo"], .unifiedIdeograph),
            (["Uppercase", "Upper"], .uppercase),
            (["Variation_Selector", "VS"], .variationSelector),
            (["White_Space", "space"], .whiteSpace),
            (["XID_Continue", "XIDC"], .xidContinue),
            (["XID_Start", "XIDS"], .xidStart),
        ]
        var table: [String: Binary] = [:]
        for (names, property) in pairs {
            for name in names { table[name] = property }
        }
        return table
    }()
}

extension RegexUnicodeProperty.Binary {
    /// Whether a scalar with `properties` has this binary property.
    func contains(_ properties: Unicode.Scalar.Properties) -> Bool {
        switch self {
        case .alphabetic: properties.isAlphabetic
        case .asciiHexDigit: properties.isASCIIHexDigit
        case .bidiControl: properties.isBidiControl
        case .bidiMirrored: properties.isBidiMirrored
        case .caseIgnorable: properties.isCaseIgnorable
        case .cased: properties.isCased
        case .changesWhenCasefolded: properties.changesWhenCaseFolded
        case .changesWhenCasemapped: properties.changesWhenCaseMapped
        case .changesWhenLowercased: properties.changesWhenLowercased
        case .changesWhenNFKCCasefolded: properties.changesWhenNFKCCaseFolded
        case .changesWhenTitlecased: properties.changesWhenTitlecased
        case .changesWhenUppercased: properties.changesWhenUppercased
        case .dash: properties.isDash
        case .defaultIgnorableCodePoint: properties.isDefaultIgnorableCodePoint
        case .deprecated: properties.isDeprecated
        case .diacritic: properties.isDiacritic
        case .emoji: properties.isEmoji
        case .emojiModifier: properties.isEmojiModifier
        case .emojiModifierBase: properties.isEmojiModifierBase
        case .emojiPresentation: properties.isEmojiPresentation
        case .extender: properties.isExtender
        case .graphemeBase: properties.isGraphemeBase
        case .graphemeExtend: properties.isGraphemeExtend
        case .hexDigit: properties.isHexDigit
        case .idsBinaryOperator: properties.isIDSBinaryOperator
        case .idsTrinaryOperator: properties.isIDSTrinaryOperator
        case .idContinue: properties.isIDContinue
        case .idStart: properties.isIDStart
        case .ideographic: properties.isIdeographic
        case .joinControl: properties.isJoinControl
        case .logicalOrderException: properties.isLogicalOrderException
        case .lowercase: properties.isLowercase
        case .math: properties.isMath
        case .noncharacterCodePoint: properties.isNoncharacterCodePoint
        case .patternSyntax: properties.isPatternSyntax
        case .patternWhiteSpace: properties.isPatternWhitespace
        case .quotationMark: properties.isQuotationMark
        case .radical: properties.isRadical
        // Answered from the scalar value in `RegexUnicodeProperty.contains`; properties do not carry it.
        case .regionalIndicator: false
        case .sentenceTerminal: properties.isSentenceTerminal
        case .softDotted: properties.isSoftDotted
        case .terminalPunctuation: properties.isTerminalPunctuation
        case .unifiedIdeograph: properties.isUnifiedIdeograph
        case .uppercase: properties.isUppercase
        case .variationSelector: properties.isVariationSelector
        case .whiteSpace: properties.isWhitespace
        case .xidContinue: properties.isXIDContinue
        case .xidStart: properties.isXIDStart
        }
    }
}
