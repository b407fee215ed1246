@testable import PlanDocument

/// A one-line description of a tree with every node's position, for tests
/// that pin down both what a reader builds and where it says each node is:
/// `1:1 {id: 1:5 "isr", title: 2:8 "ISR"}`.
func outline(_ node: Node) -> String {
    let position = "\(node.position.line):\(node.position.column) "
    switch node.content {
    case .null: return position + "null"
    case .bool(let b): return position + "\(b)"
    case .integer(let i): return position + "\(i)"
    case .number(let d): return position + "\(d)d"
    case .string(let s): return position + quoted(s)
    case .sequence(let items): return position + "[" + items.map(outline).joined(separator: ", ") + "]"
    case .mapping(let m):
        return position + "{" + m.map { quoted($0.key) + ": " + outline($0.value) }.joined(separator: ", ") + "}"
    }
}

private func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case _ where scalar.value < 0x20 || scalar.value > 0x7E: result += "\\u{\(String(scalar.value, radix: 16))}"
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}
