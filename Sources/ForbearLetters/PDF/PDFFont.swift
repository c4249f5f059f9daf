/// The two base-14 fonts letters use. Neither is embedded: every PDF reader has them, which keeps files small and
/// the writer fast.
public enum PDFFont: Int, Sendable, CaseIterable {
    case regular = 1
    case bold = 2

    var baseFont: String { self == .regular ? "Helvetica" : "Helvetica-Bold" }
    var resourceName: String { "F\(rawValue)" }
    var widths: [UInt16] { self == .regular ? FontMetrics.helvetica : FontMetrics.helveticaBold }

    /// Width of WinAnsi bytes at `size` points.
    public func width(_ bytes: some Sequence<UInt8>, size: Double) -> Double {
        let table = widths
        var units = 0
        for b in bytes { units += Int(table[Int(b)]) }
        return Double(units) * size / 1000
    }
}
