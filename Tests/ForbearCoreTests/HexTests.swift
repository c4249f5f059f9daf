import ForbearCore
import Testing

@Suite struct HexTests {
    @Test func everyByteIsTwoLowercaseDigits() {
        // given every byte value
        let bytes = (0...255).map(UInt8.init)
        // when / then: the same as formatting each byte in base 16, padded to two digits
        let expected = bytes.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
        #expect(Hex.string(bytes) == expected)
        #expect(Hex.string([UInt8]()) == "")
    }
}
