/// Path text helpers shared by every stage that takes a folder from a user.
package enum PathText {
    /// `path` without trailing slashes, so `articles/` and `articles` name one
    /// root; `/` stays `/` (and `//` becomes `/`).
    package static func trimmingTrailingSlashes(_ path: String) -> String {
        var path = path
        while path.utf8.count > 1 && path.utf8.last == UInt8(ascii: "/") { path.removeLast() }
        return path
    }
}
