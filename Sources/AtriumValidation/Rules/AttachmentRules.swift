import AtriumCore

/// Attachments are files inside the repository: the portal copies them into the public site.
struct AttachmentRules {
    let context: RuleContext

    func check(_ product: Product, sink: DiagnosticSink) {
        for node in product.frontMatter["attachments"]?.elements ?? [] {
            guard case .scalar = node.value, let path = node.text else { continue }
            let segments = path.split(separator: "/", omittingEmptySubsequences: false)
            if path.hasPrefix("/") || path.contains("\0") || path.contains("\\") || segments.contains("..") || segments.contains("") {
                sink.report(Diagnostic(rule: .attachmentMissing, message: "attachment path `\(path)` leaves the repository or is not a plain relative path",
                                       span: node.span, help: "write the path from the repository root, e.g. `content/attachments/<id>/file.pdf`"))
                continue
            }
            let absolute = context.root + "/" + path
            guard let resolved = context.fileSystem.resolvedPath(absolute) else {
                sink.report(Diagnostic(rule: .attachmentMissing, message: "attachment `\(path)` does not exist", span: node.span,
                                       help: "add the file to the repository, or correct the path (it is relative to the repository root)"))
                continue
            }
            if !resolved.hasPrefix(context.root + "/") {
                sink.report(Diagnostic(rule: .attachmentMissing, message: "attachment `\(path)` is a link to a file outside the repository",
                                       span: node.span, help: "copy the file into the repository instead of linking to it"))
                continue
            }
            switch context.fileSystem.fileKind(atPath: resolved) {
            case .file:
                continue
            case .directory:
                sink.report(Diagnostic(rule: .attachmentMissing, message: "attachment `\(path)` is a folder, not a file", span: node.span,
                                       help: "list each file of the folder in `attachments` on its own line"))
            default:
                sink.report(Diagnostic(rule: .attachmentMissing, message: "attachment `\(path)` is not a regular file", span: node.span,
                                       help: "attach an ordinary file from the repository"))
            }
        }
    }
}
