// Notices theme script: progressive enhancement only, every page works without it.
// 1. Maintenance windows: keeps "bevorstehend / läuft gerade / beendet" current without a rebuild.
// 2. Filter ([data-filter]): product (remembered in localStorage, ?produkt=ID), category
//    (?kategorie=ID) and year (?jahr=N) narrow every notice list of the page.
// 3. Search ([data-search]): search.json and its shards, loaded on first use.
// UI texts come from data-t-* attributes; no inline script or style (strict CSP).
(function () {
  "use strict";
  function updatePhases() {
    var now = Date.now();
    $$("[data-window-start][data-window-end]").forEach(function (node) {
      var start = Date.parse(node.getAttribute("data-window-start"));
      var end = Date.parse(node.getAttribute("data-window-end"));
      if (isNaN(start) || isNaN(end)) return;
      var phase = now < start ? "upcoming" : (now < end ? "running" : "finished");
      if (node.getAttribute("data-phase") !== phase) {
        node.setAttribute("data-phase", phase);
        if (document.body.hasAttribute("data-t-" + phase)) node.textContent = "(" + t(document.body, phase) + ")";
      }
    });
  }

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  // A UI text from data-t-NAME with {placeholders} filled in.
  function t(el, name, values) {
    return (el.getAttribute("data-t-" + name) || "").replace(/\{(\w+)\}/g, function (all, key) {
      return values && key in values ? values[key] : all;
    });
  }
  function make(tag, className, content) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (content != null) el.textContent = content;
    return el;
  }
  function option(select, value) {
    return select && value ? $$("option", select).filter(function (o) { return o.value === value; })[0] : null;
  }
  // German-aware folding: lower case, ä -> ae, ö -> oe, ü -> ue, ß -> ss, other accents removed.
  var umlauts = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss" };
  function fold(value) {
    return String(value || "").normalize("NFC").toLowerCase()
      .replace(/[äöüß]/g, function (c) { return umlauts[c]; })
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // The chosen product, shared by filter and search.
  var storageKey = "notices.produkt";
  var product = { id: "", label: "", url: "" };
  var listeners = [];
  function stored() {
    try { return localStorage.getItem(storageKey) || ""; } catch (e) { return ""; }
  }
  function setProduct(id, label, url, remember) {
    product = { id: id || "", label: id ? label || id : "", url: id ? url || "" : "" };
    if (remember) {
      try {
        if (product.id) localStorage.setItem(storageKey, product.id); else localStorage.removeItem(storageKey);
      } catch (e) { /* storage blocked: the choice lasts for this page */ }
    }
    listeners.forEach(function (listener) { listener(); });
  }

  function json(url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(url); return r.json(); });
  }

  // ---- Filter ----
  // The product list is one download (catalog.json), not part of every page.
  function loadCatalog(form, then) {
    var select = $("[name=produkt]", form), root = form.getAttribute("data-root") || "";
    json(form.getAttribute("data-catalog")).then(function (manifest) {
      var depth = [], own = select.querySelector("option[data-depth]");
      if (own) select.removeChild(own);
      manifest.products.forEach(function (p, i) {
        depth[i] = p.parent == null ? 0 : depth[p.parent] + 1;
        var o = make("option", null, p.label);
        o.value = p.id;
        o.setAttribute("data-depth", depth[i]);
        o.setAttribute("data-url", root + p.url);
        select.appendChild(o);
      });
    }).catch(function () { /* the page's own product (if any) stays the only choice */ }).then(function () { then(form); });
  }

  function initFilter(form) {
    var productSelect = $("[name=produkt]", form);
    var categorySelect = $("[name=kategorie]", form);
    var yearSelect = $("[name=jahr]", form);
    var clearButton = $("[data-filter-clear]", form);
    var resetButton = $("[data-filter-reset]", form);
    var status = $(".filter__status", form);
    var hint = $(".filter__hint", form);
    var items = $$("li[data-products]");
    var lists = [];
    var productOptions = $$("option[data-depth]", productSelect);
    var pagination = $$(".pagination a");
    items.forEach(function (item) { if (lists.indexOf(item.parentNode) < 0) lists.push(item.parentNode); });
    productOptions.forEach(function (o) { o.setAttribute("data-label", o.textContent); });
    pagination.forEach(function (a) { a.setAttribute("data-href", a.getAttribute("href")); });
    function label(o) { return o ? o.getAttribute("data-label") || o.textContent : ""; }
    function addYear(year) {
      var o = make("option", null, year);
      o.value = year;
      yearSelect.appendChild(o);
    }
    if (yearSelect) {
      items.map(function (item) { return item.getAttribute("data-year"); })
        .filter(function (year, i, all) { return year && all.indexOf(year) === i; })
        .sort().reverse().forEach(addYear);
    }
    function selectProduct(id, remember) {
      var o = option(productSelect, id);
      productSelect.value = o ? id : "";
      setProduct(o ? id : "", label(o), o ? o.getAttribute("data-url") : "", remember);
    }

    // A shared link (?produkt=) wins and is remembered; else the remembered choice.
    var params = new URLSearchParams(location.search);
    selectProduct(params.has("produkt") ? params.get("produkt") : stored(), params.has("produkt"));
    if (option(categorySelect, params.get("kategorie"))) categorySelect.value = params.get("kategorie");
    var year = params.get("jahr");
    if (yearSelect && /^\d{4}$/.test(year || "")) {
      if (!option(yearSelect, year)) addYear(year);
      yearSelect.value = year;
    }

    function apply() {
      var category = categorySelect ? categorySelect.value : "";
      var year = yearSelect ? yearSelect.value : "";
      var all = {}, shown = {}, total = 0, count = 0;
      // Indent the catalog by level in the open list; the chosen entry shows its plain label.
      productOptions.forEach(function (o) {
        var depth = o.selected ? 0 : +o.getAttribute("data-depth") || 0;
        var value = new Array(depth * 3 + 1).join("\u00a0") + label(o);
        if (o.textContent !== value) o.textContent = value;
      });
      items.forEach(function (item) {
        var ok = (!product.id || (" " + item.getAttribute("data-products") + " ").indexOf(" " + product.id + " ") >= 0) &&
          (!category || item.getAttribute("data-category") === category) &&
          (!year || item.getAttribute("data-year") === year);
        var key = ($("a", item) || {}).href;
        item.hidden = !ok;
        if (!all[key]) { all[key] = 1; total++; }
        if (ok && !shown[key]) { shown[key] = 1; count++; }
      });
      lists.forEach(function (list) {
        var empty = list.nextElementSibling;
        var none = !$$("li[data-products]:not([hidden])", list).length;
        if (!empty || !empty.classList.contains("filter-empty")) {
          if (!none) return;
          empty = make("p", "filter-empty", t(form, list.classList.contains("notice-list--current") ? "empty-current" : "empty"));
          list.parentNode.insertBefore(empty, list.nextSibling);
        }
        empty.hidden = !none;
      });

      // "3 von 10 Meldungen betreffen …" and links to the complete lists.
      var categoryOption = option(categorySelect, category);
      var parts = [], links = [];
      if (category) parts.push(t(form, "category", { category: label(categoryOption) }));
      if (year) parts.push(t(form, "year", { year: year }));
      var values = { shown: count, total: total, product: product.label };
      var one = count === 1 ? "-one" : "";
      // On a product's own page, unnarrowed, the count line would repeat the page's own count.
      var own = product.id && product.id === form.getAttribute("data-page-product") && !parts.length;
      var line = own ? "" : product.id ? t(form, "count-product" + one, values) : parts.length ? t(form, "count" + one, values) : "";
      if (line && parts.length) line += " (" + parts.join(", ") + ")";
      if (status.textContent !== line) status.textContent = line;
      if (product.id && product.url && product.id !== form.getAttribute("data-page-product")) {
        links.push([product.url, t(form, "hint-product", { product: product.label })]);
      }
      if (categoryOption && category !== form.getAttribute("data-page-category")) {
        links.push([categoryOption.getAttribute("data-url"), t(form, "hint-category", { category: label(categoryOption) })]);
      }
      if (year && year !== form.getAttribute("data-page-year")) {
        links.push([t(form, "year-url", { year: year }), t(form, "hint-year", { year: year })]);
      }
      hint.textContent = links.length ? t(form, "hint") + " " : "";
      links.forEach(function (link, i) {
        if (i) hint.appendChild(document.createTextNode(" · "));
        var a = make("a", null, link[1]);
        a.href = link[0];
        hint.appendChild(a);
      });
      hint.hidden = !links.length;
      document.body.classList.toggle("is-filtered", !!product.id && !own);
      clearButton.hidden = !product.id;
      resetButton.hidden = !parts.length;

      // The URL says what is shown, so it can be shared; pagination keeps it.
      var query = new URLSearchParams(location.search);
      [["produkt", product.id], ["kategorie", category], ["jahr", year]].forEach(function (p) {
        if (p[1]) query.set(p[0], p[1]); else query.delete(p[0]);
      });
      query = query.toString() ? "?" + query : "";
      if (query !== location.search) {
        try { history.replaceState(history.state, "", location.pathname + query + location.hash); } catch (e) { /* file: */ }
      }
      pagination.forEach(function (a) { a.setAttribute("href", a.getAttribute("data-href") + query); });
    }
    function changed() { apply(); if (search) search(); }

    productSelect.addEventListener("change", function () { selectProduct(productSelect.value, true); });
    if (categorySelect) categorySelect.addEventListener("change", changed);
    if (yearSelect) yearSelect.addEventListener("change", changed);
    clearButton.addEventListener("click", function () { selectProduct("", true); productSelect.focus(); });
    resetButton.addEventListener("click", function () {
      if (categorySelect) categorySelect.value = "";
      if (yearSelect) yearSelect.value = "";
      changed();
      (categorySelect || yearSelect).focus();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    listeners.push(function () { productSelect.value = product.id; apply(); });
    form.hidden = false;
    apply();
    filter = {
      category: function () { return categorySelect ? categorySelect.value : ""; },
      year: function () { return yearSelect ? yearSelect.value : ""; }
    };
  }

  // ---- Search ----
  var filter = null, search = null;
  function initSearch(form) {
    var input = $("input", form);
    var clear = $("[data-search-clear]", form);
    var results = $("[data-search-results]");
    var status = $(".search-results__status", results);
    var body = $(".search-results__body", results);
    var list = $(".search-results__list", results);
    var more = $(".search-results__more", results);
    var scope = $(".search-results__scope", results);
    var root = form.getAttribute("data-root") || "";
    var dates = new Intl.DateTimeFormat(document.documentElement.lang || "de", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    var index = null, timer = 0, limit = 50;

    function load() {
      if (index) return;
      index = { products: [], categories: {}, folded: {}, entries: [], pending: 1, failed: false };
      json(form.getAttribute("data-index")).then(function (manifest) {
        index.products = manifest.products.map(function (p) { return p.id; });
        index.labels = manifest.products.map(function (p) { return p.label; });
        manifest.categories.forEach(function (c) { index.categories[c.id] = c.name; index.folded[c.id] = fold(c.name); });
        index.pending = manifest.shards.length;
        manifest.shards.forEach(function (path) {
          json(root + path).then(function (entries) {
            entries.forEach(function (e) { e.f = [fold(e.t), fold(e.h), fold(e.s), index.folded[e.c] || ""]; });
            index.entries = index.entries.concat(entries);
            index.pending--;
            run();
          }).catch(fail);
        });
        run();
      }).catch(fail);
    }
    function fail() { index.failed = true; run(); }

    // Every word must match: in the title it counts 3, in a heading 2, in the summary or category 1.
    var weights = [3, 2, 1, 1];
    function find(words, p, category, year) {
      var phrase = words.join(" "), hits = [];
      index.entries.forEach(function (e) {
        if ((category && e.c !== category) || (year && e.d.slice(0, 4) !== year) || (p >= 0 && e.p.indexOf(p) < 0)) return;
        var score = 0;
        for (var w = 0; w < words.length; w++) {
          var s = 0;
          for (var f = 0; f < 4; f++) if (e.f[f].indexOf(words[w]) >= 0) s += weights[f];
          if (!s) return;
          score += s;
        }
        if (words.length > 1 && e.f[0].indexOf(phrase) >= 0) score += 3;
        hits.push({ e: e, score: score });
      });
      return hits.sort(function (a, b) {
        return b.score - a.score || (a.e.d < b.e.d ? 1 : a.e.d > b.e.d ? -1 : a.e.t < b.e.t ? -1 : 1);
      });
    }

    function show(line, visible) {
      if (status.textContent !== line) status.textContent = line;
      results.classList.toggle("is-active", !!line);
      body.hidden = !visible;
    }
    function run() {
      clearTimeout(timer);
      timer = 0;
      var query = input.value.trim();
      clear.hidden = !input.value;
      if (!query) return show("", false);
      load();
      if (index.failed) return show(t(form, "error"), false);
      if (!index.entries.length) return show(t(form, "loading"), false);
      var p = index.products.indexOf(product.id);
      var category = filter ? filter.category() : "", year = filter ? filter.year() : "";
      var hits = find(fold(query).split(/\s+/), p, category, year);
      var line = t(form, hits.length ? hits.length === 1 ? "one" : "many" : "none", { count: hits.length, query: query });
      var scopes = [];
      if (p >= 0) scopes.push(t(form, "product", { product: index.labels[p] }));
      if (category) scopes.push(t(form, "category", { category: index.categories[category] }));
      if (year) scopes.push(t(form, "year", { year: year }));
      if (scopes.length) line += " – " + t(form, "scope", { filters: scopes.join(", ") });
      if (index.pending > 0) line += " – " + t(form, "loading");
      scope.hidden = p < 0;
      list.textContent = "";
      hits.slice(0, limit).forEach(function (hit) {
        var e = hit.e, li = make("li", "search-hit"), a = make("a", "search-hit__link");
        var meta = make("span", "search-hit__meta"), badge = make("span", "badge", index.categories[e.c] || e.c);
        var time = make("time", null, dates.format(new Date(e.d.slice(0, 10) + "T00:00:00Z")));
        li.setAttribute("data-category", e.c);
        badge.setAttribute("data-category", e.c);
        time.setAttribute("datetime", e.d);
        a.href = root + e.u;
        a.appendChild(make("span", "search-hit__title", e.t));
        meta.appendChild(badge);
        meta.appendChild(document.createTextNode(" "));
        meta.appendChild(time);
        if (e.x) meta.appendChild(make("span", "search-hit__current", t(form, "current")));
        a.appendChild(meta);
        if (e.s) a.appendChild(make("span", "search-hit__summary", e.s));
        li.appendChild(a);
        list.appendChild(li);
      });
      more.textContent = hits.length > limit ? t(form, "more", { count: hits.length - limit }) : "";
      more.hidden = hits.length <= limit;
      show(line, true);
    }
    function reset() { input.value = ""; run(); input.focus(); }
    function links() { return $$("a", list); }
    function key(event, name) { return event.key === name || event.key === name.replace("Arrow", ""); }

    input.addEventListener("focus", load);
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 60); });
    input.addEventListener("keydown", function (event) {
      if (key(event, "Escape") && input.value) {
        event.preventDefault();
        reset();
      } else if (key(event, "ArrowDown") || event.key === "Enter") {
        event.preventDefault();
        if (timer) run();
        if (links()[0]) links()[0].focus();
      }
    });
    results.addEventListener("keydown", function (event) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (key(event, "Escape")) {
        event.preventDefault();
        reset();
      } else if (at >= 0 && (key(event, "ArrowDown") || key(event, "ArrowUp"))) {
        event.preventDefault();
        var next = at + (key(event, "ArrowDown") ? 1 : -1);
        (next < 0 ? input : all[Math.min(next, all.length - 1)]).focus();
      }
    });
    clear.addEventListener("click", reset);
    $("[data-search-all]", results).addEventListener("click", function () {
      setProduct("", "", "", true);
      input.focus();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    search = function () { if (input.value.trim()) run(); };
    listeners.push(search);
    form.hidden = false;
    if (input.value) run();
  }

  function init() {
    updatePhases();
    setInterval(updatePhases, 60000);
    if (!window.URLSearchParams || !window.fetch || !window.Intl || !"".normalize) return;
    var form = $("[data-search]");
    if (form && $("[data-search-results]")) initSearch(form);
    form = $("[data-filter]");
    if (form) loadCatalog(form, initFilter); else setProduct(stored(), "", "", false);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
