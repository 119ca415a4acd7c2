import AtriumCore
import Foundation

/// The preview's own markup: the live-reload script injected into every served page, and the
/// page that shows a failed rebuild. Fixed templates with escaped slots; the diagnostics are text.
enum PreviewPages {
    /// The tag injected into pages: an external script, because the portal's Content-Security-Policy
    /// forbids inline script (and the preview must behave like the published site).
    static func reloadScript(generation: Int) -> String {
        "<script src=\"/_atrium/reload.js\" data-generation=\"\(generation)\" defer></script>"
    }

    /// Served at `/_atrium/reload.js`: long-polls `/_atrium/reload` and reloads the page when the
    /// generation moves on; retries quietly while the server is away (restarting, say).
    static let reloadScriptSource = """
        /* atrium serve: live reload */
        (function () {
          var script = document.currentScript;
          var g = parseInt(script && script.getAttribute("data-generation"), 10);
          function poll() {
            fetch("/_atrium/reload?since=" + g, {cache: "no-store"})
              .then(function (r) { return r.text(); })
              .then(function (t) { if (parseInt(t, 10) !== g) { location.reload(); } else { poll(); } })
              .catch(function () { setTimeout(poll, 1000); });
          }
          poll();
        })();

        """

    /// `html` with the reload script before its last `</body>` (or at its end).
    static func injectingReload(into html: String, generation: Int) -> String {
        let script = reloadScript(generation: generation)
        guard let range = html.range(of: "</body>", options: [.backwards, .caseInsensitive]) else { return html + script }
        return html.replacingCharacters(in: range, with: script + "</body>")
    }

    /// The page shown in place of every page while the last rebuild failed.
    static func failurePage(report: String, generation: Int) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Build failed — atrium serve</title>
        <style>
        body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem;background:#fff8f6;color:#1f1f1f}
        h1{color:#a4262c;font-size:1.5rem;margin-top:0}
        pre{background:#fff;border:1px solid #e0c4c2;border-radius:6px;padding:1rem;overflow:auto;font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap}
        </style>
        </head>
        <body>
        <h1>The portal could not be rebuilt</h1>
        <p>Fix the problems below and save: this page reloads by itself. Until then the preview serves nothing else, \
        so what you see is never out of date.</p>
        <pre id="atrium-diagnostics">\(MarkupText.escape(report))</pre>
        \(reloadScript(generation: generation))
        </body>
        </html>
        """
    }
}
