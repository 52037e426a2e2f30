// Search on search.html. Served over http(s), Pagefind's interface. Opened from the file system,
// where browsers refuse Pagefind's fetches, the offline index (search-index.js, loaded with a plain
// script element) matched here: every query word, ignoring case and accents (ё = е, é = e).
(function () {
  "use strict";
  var offline = document.querySelector(".search-offline");
  var served = location.protocol === "http:" || location.protocol === "https:";
  if (served && typeof PagefindUI !== "undefined") {
    new PagefindUI({
      element: "#search",
      bundlePath: new URL("pagefind/", location.href).pathname,
      baseUrl: new URL(".", location.href).pathname,
      showImages: false,
      showSubResults: true,
      resetStyles: false
    });
    return;
  }
  if (!offline) { return; }
  var input = offline.querySelector(".search-query");
  var status = offline.querySelector(".search-status");
  var list = offline.querySelector(".search-results");
  var MAX_SHOWN = 100, BEFORE = 60, AFTER = 140;
  var folded = {}, entries = null, timer = 0;

  // One character to one character, so that a match in the folded text is at the same place in the text.
  function foldChar(c) {
    var f = folded[c];
    if (f === undefined) {
      f = c.normalize("NFD").charAt(0).toLowerCase().charAt(0) || c;
      folded[c] = f;
    }
    return f;
  }
  function fold(text) {
    // The browser's own folding is fast; where it changes the length (Hangul, İ), one character at a time.
    var quick = text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
    if (quick.length === text.length) { return quick; }
    var out = new Array(text.length);
    for (var i = 0; i < text.length; i++) { out[i] = foldChar(text.charAt(i)); }
    return out.join("");
  }
  function words(query) {
    return fold(query).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }

  // Where the excerpt is centred: at the first query word the text holds, where most of the
  // other words are near it (a section of many "emperor"s shows the one by "penguin").
  function anchor(folded, query) {
    var lead = query.filter(function (w) { return folded.indexOf(w) >= 0; })[0];
    if (lead === undefined) { return 0; }
    var best = -1, most = -1, at = folded.indexOf(lead);
    for (var tries = 0; at >= 0 && tries < 50; tries++) {
      var near = folded.slice(Math.max(0, at - BEFORE), at + AFTER);
      var count = query.filter(function (w) { return near.indexOf(w) >= 0; }).length;
      if (count > most) { most = count; best = at; }
      if (count === query.length) { break; }
      at = folded.indexOf(lead, at + 1);
    }
    return best;
  }

  // Every query word in the excerpt marked, not only the first.
  function excerpt(text, folded, at, query) {
    var start = Math.max(0, at - BEFORE), end = Math.min(text.length, at + AFTER);
    if (start > 0) { start = text.indexOf(" ", start) + 1 || start; }
    if (end < text.length) { end = text.lastIndexOf(" ", end) > at ? text.lastIndexOf(" ", end) : end; }
    var marks = [];
    query.forEach(function (w) {
      for (var i = folded.indexOf(w, start); i >= 0 && i + w.length <= end; i = folded.indexOf(w, i + w.length)) {
        marks.push([i, i + w.length]);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var p = document.createElement("p"), from = start;
    p.append(start > 0 ? "… " : "");
    marks.forEach(function (m) {
      if (m[1] <= from) { return; }  // inside a word marked already ("pen" in "penguin")
      var mark = document.createElement("mark");
      mark.textContent = text.slice(Math.max(m[0], from), m[1]);
      p.append(text.slice(from, Math.max(m[0], from)), mark);
      from = m[1];
    });
    p.append(text.slice(from, end) + (end < text.length ? " …" : ""));
    return p;
  }

  function search() {
    var query = words(input.value);
    list.replaceChildren();
    if (!query.length) { status.textContent = ""; return; }
    var found = entries.filter(function (e) {
      return query.every(function (w) { return e.text.indexOf(w) >= 0 || e.title.indexOf(w) >= 0; });
    });
    found.slice(0, MAX_SHOWN).forEach(function (e) {
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = e.address;
      link.textContent = e.entry[1];
      item.append(link);
      item.append(excerpt(e.entry[2], e.text, anchor(e.text, query), query));
      list.append(item);
    });
    status.textContent = found.length ? offline.dataset.results.replace("{count}", found.length)
                                      : offline.dataset.none;
  }

  function start() {
    entries = (window.PUBLISH_SEARCH_INDEX || []).map(function (e) {
      return {entry: e, address: e[0], title: fold(e[1]), text: fold(e[2])};
    });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 120); });
    offline.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      search();
    });
    var given = new URLSearchParams(location.search).get("q");
    if (given) { input.value = given; }
    if (input.value) { search(); }  // typed, or given as ?q=, before the index had loaded
  }

  offline.hidden = false;
  var mount = document.getElementById("search");
  if (mount) { mount.hidden = true; }  // Pagefind's place, empty here
  var script = document.createElement("script");
  script.src = "assets/search-index.js";
  script.onload = start;
  document.head.append(script);
})();
