/// planbench's version, printed by `planbench --version`.
public enum PlanBenchVersion {
    public static let current = "0.1.0"
}
