import AtriumAuthoring
import AtriumContent
import AtriumCore
import Foundation

/// A failure of an authoring command that is said in one line on standard error, with the exit
/// status Atrium documents: 1 when the work failed, 2 when the arguments or atrium.yml are unusable.
enum CommandFailure: Error, CustomStringConvertible {
    case failed(String)
    case unusable(String)

    var description: String {
        switch self {
        case .failed(let message), .unusable(let message): "error: " + message
        }
    }

    var exitStatus: Int32 {
        switch self {
        case .failed: 1
        case .unusable: 2
        }
    }
}

/// Reading `atrium.yml` for the commands that need only the configuration.
enum RepositoryConfiguration {
    /// The configuration, or `CommandFailure.unusable` with its errors printed as diagnostics.
    static func load(root: String) throws -> Configuration {
        let result = ConfigurationLoader().load(root: root)
        guard result.isUsable, let configuration = result.configuration else {
            let source = result.source
            let formatter = TextDiagnosticFormatter(sources: { $0 == ConfigurationLoader.fileName ? source : nil },
                                                    colored: ColorChoice.shouldColor(fileDescriptor: STDERR_FILENO))
            for diagnostic in result.diagnostics where diagnostic.severity == .error {
                FileHandle.standardError.write(Data(formatter.format(diagnostic).utf8))
            }
            throw CommandFailure.unusable("`\(root)/atrium.yml` is unusable (above)")
        }
        return configuration
    }
}

extension RepositoryConfiguration {
    /// The configuration and the product schemas of the repository at `root`, or `CommandFailure.unusable`.
    static func loadWithSchemas(root: String) throws -> (Configuration, SchemaLibrary) {
        let configuration = try load(root: root)
        do {
            return (configuration, try SchemaLibrary.load(root: root, configuration: configuration))
        } catch {
            throw CommandFailure.unusable("\(error)")
        }
    }
}
