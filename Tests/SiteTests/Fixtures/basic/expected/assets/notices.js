// Notices theme script: progressive enhancement only, every page works without it.
// 1. Maintenance windows: keeps "bevorstehend / läuft gerade / beendet" current without a rebuild.
// 2. Filter ([data-filter]): product (remembered in localStorage, ?produkt=ID), category
//    (?kategorie=ID) and year (?jahr=N) narrow every notice list of the page.
// 3. Search ([data-search]): search.json on first use, then the shards a query needs.
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
  // Text of Latin letters and common punctuation only is already in NFC and stays so when lowered,
  // so it skips the first normalization, and the second when no accented letter is left.
  var umlauts = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss" };
  function fold(value) {
    var text = String(value || ""), plain = !/[^\u0000-\u024f\u2010-\u2027\u2030-\u205e]/.test(text);
    text = (plain ? text : text.normalize("NFC")).toLowerCase().replace(/[äöüß]/g, function (c) { return umlauts[c]; });
    return plain && !/[\u00c0-\u024f\u0300-\u036f]/.test(text) ? text : text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
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

    // search.json holds what every query needs (titles, dates, products, the list of terms); the
    // postings of a term and the summaries come in shards, fetched when a query or a hit needs them.
    function load() {
      if (index) return;
      index = { ready: false, failed: false, termShards: {}, textShards: {} };
      json(form.getAttribute("data-index")).then(function (manifest) {
        var n = manifest.notices, categories = manifest.categories;
        index.products = manifest.products.map(function (p) { return p.id; });
        index.labels = manifest.products.map(function (p) { return p.label; });
        index.categories = {};
        categories.forEach(function (c) { index.categories[c.id] = c.name; });
        index.url = manifest.url;
        index.title = n.title;
        index.day = new Int32Array(n.day.length);
        for (var i = 0; i < n.day.length; i++) index.day[i] = i ? index.day[i - 1] - n.day[i] : n.day[0];
        index.category = n.category.map(function (c) { return typeof c === "number" ? categories[c].id : c; });
        index.reaches = manifest.reaches;
        index.reach = n.reach;
        index.current = {};
        n.current.forEach(function (i) { index.current[i] = true; });
        index.folded = n.title.map(fold);
        index.foldedCategory = {};
        categories.forEach(function (c) { index.foldedCategory[c.id] = fold(c.name); });
        index.terms = manifest.terms.map(fold);
        index.termPaths = manifest.termShards.map(function (s) { return s.path; });
        index.termFirst = manifest.termShards.map(function (s) { return s.first; });
        index.textSize = manifest.textShards.size;
        index.textPaths = manifest.textShards.paths;
        index.summaries = [];
        index.ready = true;
        run();
      }).catch(fail);
    }
    function fail() { index.failed = true; run(); }

    // The shard holding term `i`: the last one starting at or before it.
    function termShard(i) {
      var low = 0, high = index.termFirst.length - 1;
      while (low < high) {
        var mid = (low + high + 1) >> 1;
        if (index.termFirst[mid] <= i) low = mid; else high = mid - 1;
      }
      return low;
    }
    // The terms a word occurs in, and whether their shards are all in (else they are being fetched).
    function matchingTerms(word) {
      var found = [], ready = true;
      index.terms.forEach(function (term, i) {
        if (term.indexOf(word) < 0) return;
        var shard = termShard(i), loaded = index.termShards[shard];
        found.push(i);
        if (loaded && loaded !== true) return;
        ready = false;
        if (loaded) return;
        index.termShards[shard] = true;
        json(root + index.termPaths[shard]).then(function (postings) {
          index.termShards[shard] = postings;
          run();
        }).catch(fail);
      });
      return ready ? found : null;
    }
    // Marks in `marks` the notices of `field` (0 headings, 1 summary) of the given terms.
    function mark(terms, field, marks) {
      terms.forEach(function (i) {
        var shard = termShard(i), gaps = index.termShards[shard][i - index.termFirst[shard]][field], at = 0;
        for (var g = 0; g < gaps.length; g++) { at += gaps[g]; marks[at] = 1; }
      });
    }

    // Every word must match: in the title it counts 3, in a heading 2, in the summary or category 1.
    // Null while postings are still coming.
    function find(words, p, category, year) {
      var count = index.title.length, total = new Int32Array(count), alive = new Uint8Array(count);
      var perWord = [];
      for (var w = 0; w < words.length; w++) {
        var terms = matchingTerms(words[w]);
        if (!terms) perWord = null;
        if (perWord) perWord.push(terms);
      }
      if (!perWord) return null;
      var reaches = index.reaches.map(function (r) { return p < 0 || r.indexOf(p) >= 0; });
      var from = year ? Date.UTC(+year, 0, 1) / 864e5 : -Infinity, to = year ? Date.UTC(+year + 1, 0, 1) / 864e5 : Infinity;
      for (var i = 0; i < count; i++) {
        alive[i] = (!category || index.category[i] === category) && index.day[i] >= from && index.day[i] < to &&
          reaches[index.reach[i]] ? 1 : 0;
      }
      words.forEach(function (word, w) {
        var headings = new Uint8Array(count), summary = new Uint8Array(count), inCategory = {};
        mark(perWord[w], 0, headings);
        mark(perWord[w], 1, summary);
        Object.keys(index.foldedCategory).forEach(function (id) { inCategory[id] = index.foldedCategory[id].indexOf(word) >= 0 ? 1 : 0; });
        for (var i = 0; i < count; i++) {
          if (!alive[i]) continue;
          var s = (index.folded[i].indexOf(word) >= 0 ? 3 : 0) + 2 * headings[i] + summary[i] + (inCategory[index.category[i]] || 0);
          if (s) total[i] += s; else alive[i] = 0;
        }
      });
      // The index lists notices newest first, then by title: ordering by score is enough.
      var phrase = words.join(" "), byScore = [], hits = [];
      for (var j = 0; j < count; j++) {
        if (!alive[j]) continue;
        var score = total[j] + (words.length > 1 && index.folded[j].indexOf(phrase) >= 0 ? 3 : 0);
        (byScore[score] = byScore[score] || []).push(j);
      }
      for (var k = byScore.length - 1; k > 0; k--) {
        (byScore[k] || []).forEach(function (i) { hits.push({ i: i, score: k }); });
      }
      return hits;
    }

    // Links and summaries come after the hits: each hit's text shard is fetched once, then filled in.
    // A shard that fails to load leaves its hits as plain titles.
    function textShard(i) {
      var shard = Math.floor(i / index.textSize), loaded = index.textShards[shard];
      if (loaded === undefined) {
        index.textShards[shard] = null;
        json(root + index.textPaths[shard]).then(function (texts) { index.textShards[shard] = texts; })
          .catch(function () { index.textShards[shard] = false; }).then(fillSummaries);
      }
      return loaded;
    }
    function fillSummaries() {
      var waiting = 0;
      $$(".search-hit", list).forEach(function (li) {
        if (li.filled) return;
        var texts = textShard(li.notice);
        if (texts === null || texts === undefined) return waiting++;
        li.filled = true;
        if (!texts) return;
        var text = texts[li.notice % index.textSize], a = $("a", li);
        a.href = root + index.url.replace("{id}", text[0]);
        if (text[1]) a.appendChild(make("span", "search-hit__summary", text[1]));
      });
      if (waiting) list.setAttribute("aria-busy", "true"); else list.removeAttribute("aria-busy");
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
      if (!index.ready) return show(t(form, "loading"), false);
      var p = index.products.indexOf(product.id);
      var category = filter ? filter.category() : "", year = filter ? filter.year() : "";
      var hits = find(fold(query).split(/\s+/), p, category, year);
      if (!hits) return show(t(form, "loading"), false);
      var line = t(form, hits.length ? hits.length === 1 ? "one" : "many" : "none", { count: hits.length, query: query });
      var scopes = [];
      if (p >= 0) scopes.push(t(form, "product", { product: index.labels[p] }));
      if (category) scopes.push(t(form, "category", { category: index.categories[category] }));
      if (year) scopes.push(t(form, "year", { year: year }));
      if (scopes.length) line += " – " + t(form, "scope", { filters: scopes.join(", ") });
      scope.hidden = p < 0;
      list.textContent = "";
      hits.slice(0, limit).forEach(function (hit) {
        var i = hit.i, c = index.category[i], li = make("li", "search-hit"), a = make("a", "search-hit__link");
        var meta = make("span", "search-hit__meta"), badge = make("span", "badge", index.categories[c] || c);
        var day = new Date(index.day[i] * 864e5), time = make("time", null, dates.format(day));
        li.setAttribute("data-category", c);
        li.notice = i;
        badge.setAttribute("data-category", c);
        time.setAttribute("datetime", day.toISOString().slice(0, 10));
        a.appendChild(make("span", "search-hit__title", index.title[i]));
        meta.appendChild(badge);
        meta.appendChild(document.createTextNode(" "));
        meta.appendChild(time);
        if (index.current[i]) meta.appendChild(make("span", "search-hit__current", t(form, "current")));
        a.appendChild(meta);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.setAttribute("aria-busy", "true");
      setTimeout(fillSummaries, 0);  // the hits are painted first
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
