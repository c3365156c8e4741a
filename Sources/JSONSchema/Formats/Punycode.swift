/// RFC 3492 Punycode, the encoding of IDNA A-labels (`xn--…`).
enum Punycode {
    private static let base: UInt32 = 36
    private static let tMin: UInt32 = 1
    private static let tMax: UInt32 = 26
    private static let skew: UInt32 = 38
    private static let damp: UInt32 = 700
    private static let initialBias: UInt32 = 72
    private static let initialN: UInt32 = 128

    /// Decodes the part of an A-label after `xn--`; nil if it is not valid Punycode.
    static func decode(_ input: Substring) -> [UInt32]? {
        let bytes = Array(input.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var output: [UInt32] = []
        var rest = bytes[...]
        if let delimiter = bytes.lastIndex(of: UInt8(ascii: "-")) {
            output = bytes[..<delimiter].map(UInt32.init)
            rest = bytes[(delimiter + 1)...]
            // A delimiter with nothing before it is only allowed when there are no basic code points.
            if delimiter == 0 && rest.isEmpty { return nil }
        }
        var n = initialN
        var bias = initialBias
        var i: UInt32 = 0
        while !rest.isEmpty {
            let oldI = i
            var weight: UInt32 = 1
            var k = base
            while true {
                guard let byte = rest.popFirst(), let digit = digitValue(byte) else { return nil }
                let (product, overflow) = digit.multipliedReportingOverflow(by: weight)
                guard !overflow, i <= UInt32.max - product else { return nil }
                i += product
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                let (nextWeight, weightOverflow) = weight.multipliedReportingOverflow(by: base - t)
                guard !weightOverflow else { return nil }
                weight = nextWeight
                k += base
            }
            let length = UInt32(output.count + 1)
            bias = adapt(i - oldI, length, oldI == 0)
            guard n <= UInt32.max - i / length else { return nil }
            n += i / length
            i %= length
            guard n <= 0x10FFFF, !(0xD800...0xDFFF).contains(n), n >= 0x80 else { return nil }
            output.insert(n, at: Int(i))
            i += 1
        }
        return output
    }

    /// Encodes code points as the part of an A-label after `xn--`.
    static func encode(_ input: [UInt32]) -> String {
        var output: [UInt8] = input.filter { $0 < 0x80 }.map { UInt8($0) }
        let basicCount = UInt32(output.count)
        var handled = basicCount
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }
        var n = initialN
        var delta: UInt32 = 0
        var bias = initialBias
        while handled < UInt32(input.count) {
            let m = input.filter { $0 >= n }.min()!
            delta &+= (m - n) &* (handled + 1)
            n = m
            for scalar in input {
                if scalar < n { delta &+= 1 }
                if scalar == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digitCharacter(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digitCharacter(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta &+= 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func adapt(_ delta: UInt32, _ count: UInt32, _ first: Bool) -> UInt32 {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k: UInt32 = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(byte - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0")) + 26
        default: nil
        }
    }

    private static func digitCharacter(_ digit: UInt32) -> UInt8 {
        digit < 26 ? UInt8(digit) + UInt8(ascii: "a") : UInt8(digit - 26) + UInt8(ascii: "0")
    }
}
