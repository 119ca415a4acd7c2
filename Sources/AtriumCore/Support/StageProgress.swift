/// Where the pipeline says how far it has got, stage by stage, for a progress bar on a terminal.
/// Stages call `advance` from several threads at once; implementations must be thread-safe.
public protocol StageProgress: Sendable {
    /// A stage starts; `total` is how many items it will count, nil when it cannot say.
    func begin(_ stage: String, total: Int?)
    /// `count` more items of the current stage are done.
    func advance(by count: Int)
    /// The current stage is over.
    func end()
}
