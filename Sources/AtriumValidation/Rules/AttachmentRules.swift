import AtriumCore

/// Attachments are files inside the repository: the portal copies them into the public site.
struct AttachmentRules {
    let context: RuleContext

    func check(_ product: Product, sink: DiagnosticSink) {
        for node in product.frontMatter["attachments"]?.elements ?? [] {
            guard case .scalar = node.value, let path = node.text else { continue }
            let segments = path.split(separator: "/", omittingEmptySubsequences: false)
            if path.hasPrefix("/") || path.utf8.contains(0) || path.utf8.contains(UInt8(ascii: "\\")) || segments.contains("..") || segments.contains("") {
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
                break
            case .directory:
                sink.report(Diagnostic(rule: .attachmentMissing, message: "attachment `\(path)` is a folder, not a file", span: node.span,
                                       help: "list each file of the folder in `attachments` on its own line"))
                continue
            default:
                sink.report(Diagnostic(rule: .attachmentMissing, message: "attachment `\(path)` is not a regular file", span: node.span,
                                       help: "attach an ordinary file from the repository"))
                continue
            }
            if ActiveContent.isActiveDocument(path) {
                sink.report(Diagnostic(rule: .attachmentMissing, severity: .warning,
                                       message: "attachment `\(path)` is a web page or script, which the portal never publishes (it would run on the portal's address)",
                                       span: node.span, help: "attach it as a PDF or in a .zip archive instead"))
            } else if let owner = context.internalOwner(of: path, linkedFrom: product) {
                sink.report(Diagnostic(rule: .referenceInternalFromPublic,
                                       message: "public product lists `\(path)`, a file in the attachments of internal product `\(owner)`",
                                       span: node.span, help: "copy the file into this product's own attachments folder, or make `\(owner)` public"))
            }
        }
    }
}
