// The status banner for pages on other sites (a CMS admin area):
//
//   <script src="https://hilfe.example.de/assets/embed.js" data-product="drkcms-v6-kv" defer></script>
//
// While something concerns the product (a disruption, running maintenance, maintenance within
// the next three days) it shows a compact banner where the script tag stands, with links to the
// notices; otherwise nothing, or one quiet line with data-quiet="false". data-lang picks the
// language of the texts (default: the site's). It re-checks every few minutes and stays silent
// when offline. Styles live in a Shadow DOM as a constructed style sheet, so the host page's CSS
// cannot break it and a strict CSP (only this host in script-src and connect-src) allows it.
// No globals, no dependencies, no inline script, no eval. See docs/deploy.md.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URL || !document.documentElement.attachShadow) return;
  var product = script.getAttribute("data-product");
  if (!product) return;
  var quiet = script.getAttribute("data-quiet") !== "false";
  var language = (script.getAttribute("data-lang") || "").toLowerCase();
  var root = new URL("../", script.src);
  var interval = 4 * 60 * 1000, soon = 3 * 24 * 3600 * 1000;
  var texts = null, pending = false, host = null, shadow = null;

  var css = [
    ":host { all: initial; display: block; }",
    ".banner { box-sizing: border-box; margin: 0 0 1rem; padding: .6rem .9rem; border: 1px solid #8a5a00;",
    "  border-left-width: 6px; border-radius: 4px; background: #fff8e6; color: #1c2026;",
    "  font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; }",
    ".banner--maintenance { border-color: #0550ae; background: #eaf2fc; }",
    ".banner--degraded { border-color: #8a5a00; background: #fff8e6; }",
    ".banner--disrupted { border-color: #bc4c00; background: #fff1e8; }",
    ".banner--outage { border-color: #a40e26; background: #fdecee; }",
    ".banner--ok { border-color: #1a7f37; background: #edf8f0; }",
    "p, ul { margin: 0; padding: 0; }",
    ".head { font-weight: 600; }",
    ".mark { display: inline-block; width: .7em; height: .7em; margin-right: .4em; border-radius: 50%; background: currentColor; }",
    ".banner--maintenance .mark { color: #0550ae; border-radius: 1px; }",
    ".banner--degraded .mark { color: #8a5a00; }",
    ".banner--disrupted .mark { color: #bc4c00; }",
    ".banner--outage .mark { color: #a40e26; border-radius: 0; transform: rotate(45deg); }",
    ".banner--ok .mark { color: #1a7f37; }",
    "ul { list-style: none; margin-top: .25rem; }",
    "li { margin: .15rem 0; }",
    "a { color: #0b55a0; text-underline-offset: .15em; }",
    "a:focus-visible { outline: 3px solid #0b55a0; outline-offset: 2px; }",
    ".text { color: #3b4250; }",
    ".more { margin-top: .3rem; font-size: 14px; }",
  ].join("\n");

  function json(url) {
    return fetch(url, { cache: "no-cache", credentials: "omit" }).then(function (response) {
      return response.ok ? response.json() : null;
    });
  }

  // Only http(s) links from the status files, resolved against the notices site.
  function safeURL(value) {
    try {
      var url = new URL(String(value), root);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  // A status file's address under the host this script came from: the same site may be served
  // from another address than its base_url (a staging host), and the host page's CSP allows
  // only the script's origin.
  function onThisHost(value, base) {
    var url = safeURL(value);
    if (!url || !base || url.indexOf(String(base)) !== 0) return url;
    return safeURL(new URL(url.slice(String(base).length), root).href);
  }

  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text != null) el.textContent = text;
    return el;
  }

  function link(href, text) {
    var a = make("a", null, text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener";
    return a;
  }

  function mount() {
    if (shadow) return shadow;
    host = document.createElement("div");
    host.setAttribute("data-notices-status", product);
    var parent = script.parentNode;
    if (parent && parent !== document.head && parent.nodeType === 1) {
      parent.insertBefore(host, script.nextSibling);
    } else {
      document.body.insertBefore(host, document.body.firstChild);
    }
    shadow = host.attachShadow({ mode: "open" });
    if ("adoptedStyleSheets" in shadow && window.CSSStyleSheet) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    }
    return shadow;
  }

  function clear() {
    if (shadow) while (shadow.firstChild) shadow.removeChild(shadow.firstChild);
  }

  function render(node, detail) {
    var now = Date.now();
    var current = detail && Array.isArray(detail.current) ? detail.current : [];
    var upcoming = (detail && Array.isArray(detail.upcoming) ? detail.upcoming : []).filter(function (entry) {
      var start = entry.window && Date.parse(entry.window.start);
      return start && start - now < soon && Date.parse(entry.window.end) > now;
    });
    var state = node.state in texts ? node.state : "ok";
    if (!current.length && !upcoming.length && quiet) { clear(); return; }
    var label = String(node.label || product);
    var box = make("div", "banner banner--" + state);
    box.setAttribute("role", "status");
    box.setAttribute("aria-label", fill(texts.banner_label, { product: label }));
    box.setAttribute("lang", texts.lang);
    if (!current.length && !upcoming.length) {
      var line = make("p", "head");
      line.appendChild(make("span", "mark"));
      line.appendChild(document.createTextNode(fill(texts.banner_quiet, { product: label })));
      box.appendChild(line);
    } else {
      var head = make("p", "head");
      head.appendChild(make("span", "mark"));
      head.appendChild(make("strong", null, texts[state]));
      head.appendChild(document.createTextNode(" – " + label));
      box.appendChild(head);
      var list = make("ul");
      current.concat(upcoming).forEach(function (entry) {
        var href = safeURL(entry.url);
        if (!href || !entry.title) return;
        var item = make("li");
        item.appendChild(link(href, String(entry.title)));
        var text = entry.state_text ? String(entry.state_text) : "";
        if (current.indexOf(entry) < 0) text = texts.upcoming + (text ? ": " + text : "");
        if (text) item.appendChild(make("span", "text", " (" + text + ")"));
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    var productURL = safeURL(node.url);
    if (productURL) {
      var more = make("p", "more");
      more.appendChild(link(productURL, fill(texts.banner_more, { product: label })));
      box.appendChild(more);
    }
    var target = mount();
    clear();
    target.appendChild(box);
  }

  function loadTexts() {
    if (texts) return Promise.resolve(texts);
    return json(new URL("status-texts.json", root)).then(function (all) {
      var languages = all && all.languages;
      if (!languages) return null;
      var lang = languages[language] ? language : (languages[language.split("-")[0]] ? language.split("-")[0] : all["default"]);
      if (!languages[lang]) return null;
      texts = {};
      Object.keys(languages[lang]).forEach(function (key) { texts[key] = String(languages[lang][key]); });
      texts.lang = lang;
      return texts;
    });
  }

  function check() {
    if (pending || document.hidden || navigator.onLine === false) return;
    pending = true;
    Promise.all([json(new URL("status.json", root)), loadTexts()]).then(function (results) {
      var status = results[0];
      if (!status || !Array.isArray(status.nodes) || !texts) return null;
      var node = status.nodes.filter(function (entry) { return entry && entry.id === product; })[0];
      if (!node) { clear(); return null; }
      var busy = (node.notices && node.notices.length) || (node.upcoming && node.upcoming.length);
      var detailURL = onThisHost(node.status_url, status.site && status.site.url);
      if (!busy || !detailURL) { render(node, null); return null; }
      return json(detailURL).then(function (detail) { if (detail) render(node, detail); });
    }).catch(function () {
      // Offline, or the notices site is unreachable: say nothing, keep what is shown.
    }).then(function () { pending = false; });
  }

  window.setInterval(check, interval);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) check(); });
  check();
})();
