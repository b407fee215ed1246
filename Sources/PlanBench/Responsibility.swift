/// The responsibilities a role statement or assignment can name. The first
/// two are the ones the Guidelines set against each other ("primary
/// responsibility" / "support and supplement"), so only they can contradict.
public enum Responsibility: String, Sendable, CaseIterable {
    case primary
    case supportAndSupplement = "support-and-supplement"
    case cooperate
    case coordinate
    case lead
    case support

    /// Whether the Guidelines assign this as one side of the primary/supporting split.
    public var isPrimaryOrSupporting: Bool { self == .primary || self == .supportAndSupplement }
}
