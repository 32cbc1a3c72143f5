import Foundation
import TandemDomain

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written whole or not at all. The destination must be absent or a regular file: a folder, a
/// symbolic link, a FIFO or a device is refused before anything is written (an export must never delete a
/// folder or write into `/dev/null`). The content goes to a new file beside it, which `rename(2)` puts in
/// place atomically once it is complete and closed; on any failure it is removed and the error says why.
/// A destination that cannot be one is an `InputError`; a write that fails (a full disk) is a `Problem`.
public enum OutputFile {
    /// Why the destination cannot be written: the path and the reason, for the person who gave it.
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
        /// What went wrong, without the path (so a temporary file's failure can be told as the destination's).
        let reason: String

        init(path: String, reason: String) {
            description = "could not write \(path): \(reason)"
            self.reason = reason
        }

        init(path: String, errno code: Int32) {
            self.init(path: path, reason: String(cString: strerror(code)))
        }
    }

    /// Writes a CSV file to `path` with `body` and returns the number of rows written.
    public static func writeCSV(to path: String, header: [String], _ body: (CSVWriter) async throws -> Void) async throws -> Int {
        try checkDestination(path)
        let temporary = temporaryPath(beside: path)
        let writer: CSVWriter
        do { writer = try CSVWriter(path: temporary, header: header, createNew: true) } catch let problem as Problem {
            throw Problem(path: path, reason: problem.reason)
        }
        do {
            try await body(writer)
            do { try writer.close() } catch let problem as Problem { throw Problem(path: path, reason: problem.reason) }
            guard rename(temporary, path) == 0 else { throw Problem(path: path, errno: errno) }
        } catch {
            try? writer.close()
            unlink(temporary)
            throw error
        }
        return writer.rows
    }

    /// Refuses (`InputError`) a destination that is there and not a regular file, or whose folder is missing.
    public static func checkDestination(_ path: String) throws {
        var status = stat()
        if lstat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG: return
            case S_IFDIR: throw InputError("\(path) is a folder: give the name of a file to write")
            case S_IFLNK: throw InputError("\(path) is a symbolic link: give the file itself, not a link to it")
            default: throw InputError("\(path) is not a regular file (a device, a FIFO or a socket): give the name of a file to write")
            }
        }
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError("\(path): there is no folder \(folder)")
        }
    }

    /// A new name in the destination's folder (so the rename stays on one file system), hidden and unique.
    static func temporaryPath(beside path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = ".\((path as NSString).lastPathComponent).\(UInt64.random(in: 0...UInt64.max)).partial"
        return folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }
}
