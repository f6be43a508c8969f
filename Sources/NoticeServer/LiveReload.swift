import Foundation
import NoticeKit

/// The live-reload script and how it gets into served pages. Only responses of the preview server
/// carry it; the built site never does.
enum LiveReload {
    static let scriptPath = "/__notices/live.js"
    static let statusPath = "/__notices/status"
    static let eventsPath = "/__notices/events"

    /// The tag put before `</body>`: `page` names the build the page came from.
    static func tag(page: String) -> String {
        "<script src=\"\(scriptPath)\" data-page=\"\(page)\"></script>"
    }

    /// `html` with the tag before its last `</body>` (any case), or appended when there is none.
    static func inject(into html: [UInt8], page: String) -> [UInt8] {
        let tag = Array(tag(page: page).utf8)
        let closing = Array("</body".utf8)
        var index = html.count - closing.count
        while index >= 0 {
            if html[index] == UInt8(ascii: "<") && matchesIgnoringCase(html, at: index, closing) {
                var result = [UInt8]()
                result.reserveCapacity(html.count + tag.count + 1)
                result.append(contentsOf: html[..<index])
                result.append(contentsOf: tag)
                result.append(UInt8(ascii: "\n"))
                result.append(contentsOf: html[index...])
                return result
            }
            index -= 1
        }
        return html + tag
    }

    private static func matchesIgnoringCase(_ bytes: [UInt8], at start: Int, _ pattern: [UInt8]) -> Bool {
        for (offset, expected) in pattern.enumerated() {
            var byte = bytes[start + offset]
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) { byte += 32 }
            if byte != expected { return false }
        }
        return true
    }

    /// Long-polls `/__notices/events?since=BUILD` (the answer comes when a build finishes, or after
    /// 10 s); reloads when the served site is not the one the page came from; shows the errors of
    /// a failed build in a fixed box. All text goes in through `textContent`.
    static let script = #"""
        // notices serve: live reload and build errors. Served by the preview server only.
        (function () {
          "use strict";
          var me = document.currentScript;
          var page = me ? me.getAttribute("data-page") : null;
          var build = -1;
          var box = null;
          var failures = 0;

          function show(errors, heading) {
            if (!errors || errors.length === 0) {
              if (box) { box.remove(); box = null; }
              return;
            }
            if (!box) {
              box = document.createElement("div");
              box.id = "notices-errors";
              box.setAttribute("role", "alert");
              box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;" +
                "z-index:2147483647;background:#fff5f5;color:#1a1a1a;border:2px solid #b00020;border-radius:6px;" +
                "padding:.75rem 1rem;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
                "box-shadow:0 4px 18px rgba(0,0,0,.25);white-space:pre-wrap";
              (document.body || document.documentElement).appendChild(box);
            }
            box.textContent = "";
            var head = document.createElement("strong");
            head.textContent = heading;
            box.appendChild(head);
            var list = document.createElement("ul");
            list.style.cssText = "margin:.5rem 0 0;padding-left:1.25rem";
            errors.forEach(function (text) {
              var item = document.createElement("li");
              item.textContent = text;
              list.appendChild(item);
            });
            box.appendChild(list);
          }

          function apply(status) {
            if (page !== null && status.page !== page && status.site > 0) {
              location.reload();
              return false;
            }
            show(status.errors, status.heading);
            return true;
          }

          function poll() {
            fetch("/__notices/events?since=" + build, { cache: "no-store" })
              .then(function (response) {
                if (!response.ok) { throw new Error("HTTP " + response.status); }
                return response.json();
              })
              .then(function (status) {
                failures = 0;
                build = status.build;
                if (apply(status)) { poll(); }
              })
              .catch(function () {
                failures += 1;
                setTimeout(poll, Math.min(5000, 250 * failures));
              });
          }

          poll();
        })();

        """#

    /// The page served while no build has succeeded yet: the errors, and the script so the page
    /// reloads as soon as a build succeeds.
    static func errorPage(_ status: PreviewState.Status) -> [UInt8] {
        let items = status.errors.map { "<li>\(escape($0))</li>" }.joined(separator: "\n")
        let catalog = MessageCatalog.forLanguage(status.language)
        let text = { (code: MessageCode) in escape(Message(code).text(in: catalog)) }
        let html = """
            <!DOCTYPE html>
            <html lang="\(escape(catalog.language))">
            <head><meta charset="utf-8"><title>\(text(.servePageTitle))</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;color:#1a1a1a}li{font-family:ui-monospace,monospace;white-space:pre-wrap;margin:.25rem 0}</style></head>
            <body>
            <h1>\(text(.servePageHeading))</h1>
            <p>\(text(.servePageAdvice))</p>
            <ul>
            \(items)
            </ul>
            \(tag(page: status.page))
            </body>
            </html>

            """
        return Array(html.utf8)
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
