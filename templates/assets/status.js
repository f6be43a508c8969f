// Offers a reload (never reloads by itself) when the site's status.json holds another revision
// than the page was built with (<body data-status-revision>, on the pages that show the status;
// elsewhere the revision seen when the page opened): every 3 minutes and when the reader returns
// to the tab; silent offline. Texts: status-texts.json. No inline code, no globals.
(function () {
  "use strict";
  var script = document.currentScript, built = document.body.getAttribute("data-status-revision");
  if (!script || !window.fetch) return;
  var root = new URL("../", script.src), last = 0, busy = false, done = false;
  function get(name) {
    return fetch(new URL(name, root), { cache: "no-cache", credentials: "omit" }).then(function (r) { return r.ok ? r.json() : null; });
  }
  function offer(all) {
    var lang = document.documentElement.lang.toLowerCase(), t = all && all.languages;
    t = t && (t[lang] || t[lang.split("-")[0]] || t[all["default"]]);
    if (!t || done) return;
    done = true;
    var box = document.createElement("div"), text = document.createElement("p"), button = document.createElement("button");
    box.className = "status-reload";
    box.setAttribute("role", "status");
    button.type = "button";
    button.className = "button";
    button.textContent = t.reload_action;
    button.addEventListener("click", function () { location.reload(); });
    text.append(t.reload + " – ", button);
    box.append(text);
    var main = document.getElementById("inhalt") || document.body;
    main.insertBefore(box, main.firstChild);
  }
  function check() {
    if (done || busy || document.hidden || navigator.onLine === false || Date.now() - last < 5000) return;
    busy = true;
    last = Date.now();
    get("status.json").then(function (status) {
      if (status && status.revision && !built) built = status.revision;
      return status && status.revision && status.revision !== built ? get("status-texts.json").then(offer) : null;
    }).catch(function () {}).then(function () { busy = false; });
  }
  setInterval(check, 180000);
  document.addEventListener("visibilitychange", check);
  addEventListener("focus", check);
  addEventListener("online", check);
  check();
})();
