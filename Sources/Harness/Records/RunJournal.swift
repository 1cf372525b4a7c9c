import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a run's record as its cases finish, in time linear in the run.
///
/// Rewriting all of run.json after every case made a run of n cases write O(n²) bytes
/// (a 10 000-case run slowed to a crawl). Instead each finished case is appended, as one
/// line of JSON, to `run.journal.jsonl` next to run.json, and run.json itself is
/// rewritten (atomically, as always) only when the journal has grown as large as
/// run.json: the sizes double, so everything written adds up to a few times the final
/// record. The journal is emptied at each rewrite and removed when the run ends (finished
/// or interrupted by SIGINT/SIGTERM, which write the whole record). After a SIGKILL or a
/// crash, `RunRecordStore.load` adds the journal's cases to run.json's, so no finished
/// case is lost; a torn last line is ignored.
public final class RunJournal {
    /// The journal's name in a run directory.
    public static let fileName = "run.journal.jsonl"

    public let directory: URL
    private var fd: Int32 = -1
    /// Cases of the record already in run.json or the journal.
    private var persisted = 0
    private var journalBytes = 0
    private var recordBytes = 0
    private let encoder = RecordJSON.encoder(compact: true)
    /// Bytes written to run.json and the journal so far (tests hold it linear).
    public private(set) var bytesWritten = 0

    /// A journal for the run in `directory` (which must exist).
    public init(directory: URL) {
        self.directory = directory
    }

    deinit { if fd >= 0 { close(fd) } }

    var journalURL: URL { directory.appendingPathComponent(Self.fileName) }

    /// Saves the cases `record` gained since the last call: appended to the journal, or
    /// with all of `record` written to run.json when the journal has grown to run.json's
    /// size. Returns true when run.json was rewritten (derived reports may follow it).
    @discardableResult
    public func update(_ record: RunRecord) throws(RunRecordError) -> Bool {
        if persisted == 0 || journalBytes >= recordBytes {
            try checkpoint(record)
            return true
        }
        var lines = Data()
        for c in record.cases.dropFirst(persisted) {
            do {
                lines.append(try encoder.encode(c))
            } catch {
                throw RunRecordError.writeFailed(path: journalURL.path, reason: "cannot encode case \(c.id): \(error)")
            }
            lines.append(0x0A)
        }
        if fd < 0 {
            fd = open(journalURL.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw RunRecordError.writeFailed(path: journalURL.path, reason: AtomicFile.reason(errno))
            }
        }
        try AtomicFile.writeAll(lines, fd: fd, path: journalURL.path)
        _ = Self.flush(fd)
        journalBytes += lines.count
        bytesWritten += lines.count
        persisted = record.cases.count
        return false
    }

    /// Writes the whole record to run.json now: for a record whose earlier cases changed
    /// (a multi-invocation run's, recombined after each invocation), which appending
    /// cannot express.
    public func rewrite(_ record: RunRecord) throws(RunRecordError) {
        try checkpoint(record)
    }

    /// Writes the whole record to run.json and removes the journal (the end of a run).
    public func finish(_ record: RunRecord) throws(RunRecordError) {
        try checkpoint(record)
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        unlink(journalURL.path)
    }

    private func checkpoint(_ record: RunRecord) throws(RunRecordError) {
        let data: Data
        do {
            data = try record.jsonData()
        } catch {
            throw RunRecordError.writeFailed(path: directory.path, reason: "cannot encode the record: \(error)")
        }
        try AtomicFile.write(data, to: directory.appendingPathComponent(RunRecordStore.fileName))
        recordBytes = data.count
        bytesWritten += data.count
        persisted = record.cases.count
        // run.json now holds every case: the journal's lines are redundant.
        if fd >= 0 { _ = ftruncate(fd, 0) }
        journalBytes = 0
    }

    private static func flush(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
        return fdatasync(fd)
        #else
        return fsync(fd)
        #endif
    }

    /// Adds the cases of the journal at `url` that `record` lacks (in journal order),
    /// marking it partial. A last line cut short by a crash is skipped.
    static func recover(into record: inout RunRecord, from url: URL, limit: Int) throws(RunRecordError) {
        let data: Data
        do {
            data = try InputFile.readAll(url.path, limit: limit, what: "run journal")
        } catch {
            throw RunRecordError.unreadable(path: url.path, reason: error.reason)
        }
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: true)
        var known = Set(record.cases.map(\.id))
        var added = 0
        for (i, line) in lines.enumerated() {
            let c: CaseRecord
            do {
                c = try JSONDocumentDecoder(try JSONDocument(Data(line))).decode(CaseRecord.self)
            } catch {
                // Only the last line can be torn by a crash; anything else is damage.
                if i == lines.count - 1 { break }
                let reason = (error as? DecodingError).map(RunRecord.describe) ?? "\(error)"
                throw RunRecordError.invalid(path: url.path, reason: "line \(i + 1): \(reason)")
            }
            if known.insert(c.id).inserted {
                record.cases.append(c)
                added += 1
            }
        }
        if added > 0 {
            record.partial = true
            record.notes.append(
                "\(added) finished case\(added == 1 ? "" : "s") recovered from \(fileName): "
                    + "the run ended before it could write them to run.json")
        }
    }
}
