// Keeps open pages honest: every few minutes, and when the reader comes back to the tab, this
// compares the site's status.json with the revision the page was built with
// (<body data-status-revision>) and, when they differ, offers a reload. It never reloads on its
// own, and it stays silent when offline or when the file cannot be read. Texts come from
// status-texts.json in the page's language. No inline script or style (strict CSP), no globals.
(function () {
  "use strict";
  var script = document.currentScript;
  var built = document.body && document.body.getAttribute("data-status-revision");
  if (!script || !built || !window.fetch || !window.URL) return;
  var root = new URL("../", script.src);
  var statusURL = new URL("status.json", root), textsURL = new URL("status-texts.json", root);
  var interval = 3 * 60 * 1000, minimumGap = 20 * 1000;
  var lastCheck = 0, pending = false, offered = false;

  function json(url) {
    return fetch(url, { cache: "no-cache", credentials: "omit" }).then(function (response) {
      return response.ok ? response.json() : null;
    });
  }

  function textsFor(all) {
    var languages = all && all.languages;
    if (!languages) return null;
    var lang = (document.documentElement.lang || "").toLowerCase();
    return languages[lang] || languages[lang.split("-")[0]] || languages[all["default"]] || null;
  }

  function offer(texts) {
    if (offered || !texts || !texts.reload || !texts.reload_action) return;
    offered = true;
    var box = document.createElement("div");
    box.className = "status-reload";
    box.setAttribute("role", "status");
    var text = document.createElement("p");
    text.className = "status-reload__text";
    text.appendChild(document.createTextNode(texts.reload + " – "));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button status-reload__button";
    button.textContent = texts.reload_action;
    button.addEventListener("click", function () { window.location.reload(); });
    text.appendChild(button);
    box.appendChild(text);
    var main = document.getElementById("inhalt") || document.body;
    main.insertBefore(box, main.firstChild);
  }

  function check() {
    var now = Date.now();
    if (offered || pending || document.hidden || navigator.onLine === false || now - lastCheck < minimumGap) return;
    pending = true;
    lastCheck = now;
    json(statusURL).then(function (status) {
      if (!status || typeof status.revision !== "string" || status.revision === built) return null;
      return json(textsURL).then(function (texts) { offer(textsFor(texts)); });
    }).catch(function () {
      // Offline or not deployed with the status files: nothing to say.
    }).then(function () { pending = false; });
  }

  window.setInterval(check, interval);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) check(); });
  window.addEventListener("focus", check);
  window.addEventListener("online", check);
  check();
})();
