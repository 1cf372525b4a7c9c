import Foundation

/// Progress of a series of invocations (`run --invocations N`, `ab`): one line per
/// invocation with the round, the side and the estimated time left.
extension RunProgress {
    func invocationStarted(
        suite: String, round: Int, of rounds: Int, side: String?, elapsed: Double,
        remaining: Double?
    ) {
        var line = side == nil ? "\(suite): invocation \(round) of \(rounds)" : "\(suite): round \(round) of \(rounds)"
        if let side { line += " (\(side))" }
        line += ", \(Self.minutes(elapsed)) elapsed"
        line += remaining.map { ", ~\(Self.minutes($0)) left" } ?? ""
        say(line)
    }

    /// `42s`, `3m05s`.
    static func minutes(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s)s" : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
