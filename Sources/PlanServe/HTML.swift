// Markup that escapes by default: interpolating a String into an `HTML` literal
// escapes it, interpolating `HTML` does not. Every page is built this way, so
// document content (plans are untrusted input) can only reach a page as text.
import Foundation
import PlanDiff

/// A fragment of HTML whose text parts were escaped when it was built.
///
/// ```swift
/// let title = "<script>alert(1)</script>"
/// let page: HTML = "<h1>\(title)</h1>"   // <h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>
/// ```
struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    private(set) var rendered: String

    /// Markup taken as it is: only for text this module wrote itself (or that
    /// `PlanDiff`'s renderer escaped).
    init(trusted markup: String) { rendered = markup }

    init(stringLiteral value: String) { rendered = value }

    init(stringInterpolation: StringInterpolation) { rendered = stringInterpolation.out }

    var description: String { rendered }

    static func + (a: HTML, b: HTML) -> HTML { HTML(trusted: a.rendered + b.rendered) }
    static func += (a: inout HTML, b: HTML) { a.rendered += b.rendered }

    /// The one escaping function (PlanDiff's, which the diff pages use too).
    static func escape(_ text: String) -> String { HTMLRenderer.escape(text) }

    struct StringInterpolation: StringInterpolationProtocol {
        var out = ""
        init(literalCapacity: Int, interpolationCount: Int) { out.reserveCapacity(literalCapacity + interpolationCount * 16) }
        mutating func appendLiteral(_ literal: String) { out += literal }
        /// Text: escaped.
        mutating func appendInterpolation(_ text: String) { out += HTML.escape(text) }
        /// Optional text: escaped; nothing for nil.
        mutating func appendInterpolation(_ text: String?) { out += HTML.escape(text ?? "") }
        mutating func appendInterpolation(_ number: Int) { out += String(number) }
        mutating func appendInterpolation(_ markup: HTML) { out += markup.rendered }
        mutating func appendInterpolation(_ markups: [HTML]) { for m in markups { out += m.rendered } }
        /// A URL for an href or action attribute: each part percent-encoded as a
        /// path segment or query value, then escaped for the attribute.
        mutating func appendInterpolation(url: URLPath) { out += HTML.escape(url.string) }
    }
}

extension Array where Element == HTML {
    func joined(separator: HTML = "") -> HTML {
        HTML(trusted: map(\.rendered).joined(separator: separator.rendered))
    }
}

/// A same-origin URL built from path segments and query items, each encoded.
struct URLPath: Sendable, CustomStringConvertible {
    var segments: [String]
    var query: [(String, String)]
    var fragment: String?

    init(_ segments: String..., query: [(String, String)] = [], fragment: String? = nil) {
        self.segments = segments
        self.query = query
        self.fragment = fragment
    }

    init(segments: [String], query: [(String, String)] = [], fragment: String? = nil) {
        self.segments = segments
        self.query = query
        self.fragment = fragment
    }

    static let segmentAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: "a"..."z").union(CharacterSet(charactersIn: "A"..."Z")).union(CharacterSet(charactersIn: "0"..."9")))
        set.insert(charactersIn: "-._~")
        return set
    }()

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? ""
    }

    var string: String {
        var out = "/" + segments.map(Self.encode).joined(separator: "/")
        if !query.isEmpty { out += "?" + query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&") }
        if let fragment { out += "#" + Self.encode(fragment) }
        return out
    }

    var description: String { string }
}
