/// Integer arithmetic on sizes that reports overflow instead of trapping.
///
/// Every size derived from user input (tensor element counts, bytes, FLOPs, traffic)
/// is computed through these before anything relies on it, so that an absurd shape
/// (`seq_len: 1000000000000`) becomes a message rather than a crash. `AttentionPlan`
/// refuses a configuration for which any of its sizes overflows; a plan that exists can
/// then use plain arithmetic.
public enum CheckedSize {
    /// A result that does not fit in `Int`.
    public struct Overflow: Error, Equatable, Sendable {
        public init() {}
    }

    /// `a · b`. (Fixed-arity overloads keep the hot paths free of variadic arrays.)
    @inlinable
    public static func product(_ a: Int, _ b: Int) throws(Overflow) -> Int {
        let (r, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw Overflow() }
        return r
    }

    /// `a · b · c`.
    @inlinable
    public static func product(_ a: Int, _ b: Int, _ c: Int) throws(Overflow) -> Int {
        try product(try product(a, b), c)
    }

    /// `a · b · c · d`.
    @inlinable
    public static func product(_ a: Int, _ b: Int, _ c: Int, _ d: Int) throws(Overflow) -> Int {
        try product(try product(a, b, c), d)
    }

    /// `a · b · c · d · e`.
    @inlinable
    public static func product(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ e: Int) throws(Overflow) -> Int {
        try product(try product(a, b, c, d), e)
    }

    /// The product of `factors`.
    @inlinable
    public static func product(_ factors: [Int]) throws(Overflow) -> Int {
        var result = 1
        for f in factors {
            let (r, overflow) = result.multipliedReportingOverflow(by: f)
            if overflow { throw Overflow() }
            result = r
        }
        return result
    }

    /// `a + b`.
    @inlinable
    public static func sum(_ a: Int, _ b: Int) throws(Overflow) -> Int {
        let (r, overflow) = a.addingReportingOverflow(b)
        if overflow { throw Overflow() }
        return r
    }

    /// `a + b + c`.
    @inlinable
    public static func sum(_ a: Int, _ b: Int, _ c: Int) throws(Overflow) -> Int {
        try sum(try sum(a, b), c)
    }

    /// The sum of `terms`.
    @inlinable
    public static func sum(_ terms: Int...) throws(Overflow) -> Int {
        var result = 0
        for t in terms { result = try sum(result, t) }
        return result
    }

    /// `a − b`.
    @inlinable
    public static func difference(_ a: Int, _ b: Int) throws(Overflow) -> Int {
        let (r, overflow) = a.subtractingReportingOverflow(b)
        if overflow { throw Overflow() }
        return r
    }

    /// ⌈a / b⌉ for a ≥ 0, b > 0, without forming a + b − 1.
    @inlinable
    public static func ceilDiv(_ a: Int, _ b: Int) -> Int {
        a / b + (a % b == 0 ? 0 : 1)
    }

    /// ⌊a / b⌋ for any sign of a and b > 0 (Swift's `/` truncates toward zero).
    @inlinable
    public static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && a < 0) ? q - 1 : q
    }

    /// The product, or nil when it overflows.
    @inlinable
    public static func productOrNil(_ a: Int, _ b: Int) -> Int? { try? product(a, b) }

    /// The product, or nil when it overflows.
    @inlinable
    public static func productOrNil(_ a: Int, _ b: Int, _ c: Int) -> Int? { try? product(a, b, c) }

    /// The product, or nil when it overflows.
    @inlinable
    public static func productOrNil(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Int? { try? product(a, b, c, d) }

    /// The product, or nil when it overflows.
    @inlinable
    public static func productOrNil(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ e: Int) -> Int? {
        try? product(a, b, c, d, e)
    }

    /// The product, or nil when it overflows.
    @inlinable
    public static func productOrNil(_ factors: [Int]) -> Int? {
        try? product(factors)
    }
}
