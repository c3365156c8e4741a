/// The IDNA2008 rules (RFC 5891–5893) a U-label must satisfy, derived from the standard library's
/// Unicode properties. Script, Bidi_Class and Joining_Type are not exposed by Swift, so the few rules
/// that need them use the block ranges of the scripts concerned, which is exact for the characters
/// those rules are about.
enum IDNA {
    /// RFC 5892 derived property of a code point.
    enum Validity {
        case pValid, contextJ, contextO, disallowed
    }

    static func validity(_ value: UInt32) -> Validity {
        switch value {
        // Section 2.6 exceptions.
        case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007: return .pValid
        case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x0660...0x0669, 0x06F0...0x06F9: return .contextO
        case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return .disallowed
        case 0x2D, 0x30...0x39, 0x61...0x7A: return .pValid  // LDH (lower case)
        case 0x200C, 0x200D: return .contextJ
        // IgnorableBlocks and OldHangulJamo.
        case 0x20D0...0x20FF, 0x1D100...0x1D24F, 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF:
            return .disallowed
        default: break
        }
        guard let scalar = Unicode.Scalar(value) else { return .disallowed }
        let properties = scalar.properties
        if properties.generalCategory == .unassigned { return .disallowed }
        // Unstable (NFKC_Casefold changes it) and IgnorableProperties.
        if properties.changesWhenNFKCCaseFolded || properties.isDefaultIgnorableCodePoint || properties.isWhitespace
            || properties.isNoncharacterCodePoint
        {
            return .disallowed
        }
        switch properties.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter, .nonspacingMark,
            .spacingMark:
            return .pValid
        default:
            return .disallowed
        }
    }

    /// Whether `label` (code points, not empty, not ASCII-only) is a valid U-label, apart from the
    /// Bidi rule which depends on the whole name.
    static func isValidULabel(_ label: [UInt32]) -> Bool {
        guard let first = label.first, let last = label.last else { return false }
        if first == 0x2D || last == 0x2D { return false }
        if label.count >= 4 && label[2] == 0x2D && label[3] == 0x2D { return false }
        if let scalar = Unicode.Scalar(first), isMark(scalar) { return false }
        for (index, value) in label.enumerated() {
            switch validity(value) {
            case .pValid: continue
            case .disallowed: return false
            case .contextJ: if !contextJHolds(label, index) { return false }
            case .contextO: if !contextOHolds(label, index) { return false }
            }
        }
        return true
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// RFC 5892 Appendix A.1 and A.2 (ZERO WIDTH NON-JOINER and JOINER).
    private static func contextJHolds(_ label: [UInt32], _ index: Int) -> Bool {
        if index > 0, let before = Unicode.Scalar(label[index - 1]),
            before.properties.canonicalCombiningClass == .virama
        {
            return true
        }
        guard label[index] == 0x200C else { return false }
        // (Joining_Type:{L,D})(Joining_Type:T)*\u200C(Joining_Type:T)*(Joining_Type:{R,D})
        var before = index - 1
        while before >= 0, joiningType(label[before]) == .transparent { before -= 1 }
        var after = index + 1
        while after < label.count, joiningType(label[after]) == .transparent { after += 1 }
        guard before >= 0, after < label.count else { return false }
        let left = joiningType(label[before])
        let right = joiningType(label[after])
        return (left == .dual || left == .left) && (right == .dual || right == .right)
    }

    /// RFC 5892 Appendix A.3 to A.9.
    private static func contextOHolds(_ label: [UInt32], _ index: Int) -> Bool {
        let value = label[index]
        switch value {
        case 0x00B7:
            return index > 0 && index + 1 < label.count && label[index - 1] == 0x6C && label[index + 1] == 0x6C
        case 0x0375:
            return index + 1 < label.count && isGreek(label[index + 1])
        case 0x05F3, 0x05F4:
            return index > 0 && isHebrew(label[index - 1])
        case 0x30FB:
            return label.contains { $0 != 0x30FB && isHiraganaKatakanaOrHan($0) }
        case 0x0660...0x0669:
            return !label.contains { (0x06F0...0x06F9).contains($0) }
        case 0x06F0...0x06F9:
            return !label.contains { (0x0660...0x0669).contains($0) }
        default:
            return false
        }
    }

    static func isGreek(_ value: UInt32) -> Bool {
        // Script=Greek; U+0374, U+037E, U+0385 and U+0387 in the block are Common.
        switch value {
        case 0x0374, 0x037E, 0x0385, 0x0387: false
        case 0x0370...0x03E1, 0x03F0...0x03FF, 0x1D26...0x1D2A, 0x1F00...0x1FFE, 0x2126, 0xAB65, 0x10140...0x1018E:
            true
        default: false
        }
    }

    static func isHebrew(_ value: UInt32) -> Bool {
        (0x0591...0x05F4).contains(value) || (0xFB1D...0xFB4F).contains(value)
    }

    static func isHiraganaKatakanaOrHan(_ value: UInt32) -> Bool {
        switch value {
        case 0x3041...0x3096, 0x309D...0x309F, 0x1B001...0x1B11F, 0x1F200: true  // Hiragana
        case 0x30A1...0x30FA, 0x30FD...0x30FF, 0x31F0...0x31FF, 0x32D0...0x32FE, 0x3300...0x3357, 0xFF66...0xFF6F,
            0xFF71...0xFF9D, 0x1B000, 0x1AFF0...0x1AFFE:
            true  // Katakana
        case 0x2E80...0x2FD5, 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xF900...0xFAFF, 0x20000...0x3FFFF:
            true  // Han
        default: false
        }
    }

    private enum JoiningType {
        case dual, left, right, transparent, nonJoining
    }

    /// Joining_Type for the Arabic-script letters the ZWNJ rule is about; U for the rest.
    private static func joiningType(_ value: UInt32) -> JoiningType {
        guard let scalar = Unicode.Scalar(value) else { return .nonJoining }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return .transparent
        default: break
        }
        switch value {
        case 0x0622...0x0625, 0x0627, 0x0629, 0x062F...0x0632, 0x0648, 0x0671...0x0673, 0x0675...0x0677,
            0x0688...0x0699, 0x06C0, 0x06C3...0x06CB, 0x06CD, 0x06CF, 0x06D2, 0x06D3, 0x06D5, 0x06EE, 0x06EF,
            0x0710, 0x0715...0x0719, 0x071E, 0x0728, 0x072A, 0x072C, 0x072F, 0x074D, 0x0759...0x075B, 0x076B,
            0x076C, 0x0771, 0x0773, 0x0774, 0x0778, 0x0779:
            return .right
        case 0x0620, 0x0626, 0x0628, 0x062A...0x062E, 0x0633...0x063F, 0x0641...0x0647, 0x0649, 0x064A, 0x066E,
            0x066F, 0x0678...0x0687, 0x069A...0x06BF, 0x06C1, 0x06C2, 0x06CC, 0x06CE, 0x06D0, 0x06D1, 0x06FA...0x06FC,
            0x06FF, 0x0712...0x0714, 0x071A...0x071D, 0x071F...0x0727, 0x0729, 0x072B, 0x072D, 0x072E, 0x074E...0x0758,
            0x075C...0x076A, 0x076D...0x0770, 0x0772, 0x0775...0x0777, 0x077A...0x077F, 0x07CA...0x07EA:
            return .dual
        default:
            return .nonJoining
        }
    }
}
