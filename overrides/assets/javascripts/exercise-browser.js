/* Stretch Guide: the exercise browser's filters (exercises/index.html).

   Progressive enhancement: without this script the page is a plain A-Z list. With it, the
   facet controls waiting in <template class="sg-controls"> are added above the list, and
   ticking a box or typing a name narrows the list at once. Within a facet the ticked values
   are alternatives (sitting or standing); across facets all must hold. Each box shows how many
   exercises it would leave, given the other facets. The state lives in the address
   (?position=sitting&kind=stretch), so a filtered list can be shared and survives Back.
   Every entry carries its facet values in data-f ("p-sitting a-mid-back l-beginner"), written
   by generator/browser.py. No framework, no third-party code; text goes into the page only
   through textContent. */
(function () {
  "use strict";

  var ANNOUNCE_AFTER_TYPING = 800; // ms: screen readers hear the count once typing pauses

  function fold(text) {
    // Lower case without accents, as the generator sorts titles.
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function plural(n) {
    return n.toLocaleString("en") + (n === 1 ? " exercise" : " exercises");
  }

  function setup(root) {
    if (root.dataset.sgReady) return; // idempotent: a second run leaves the page as it is
    var template = root.querySelector("template.sg-controls");
    if (!template || !("content" in template)) return;
    root.dataset.sgReady = "1";

    var controls = template.content.cloneNode(true);
    var disclosure = controls.querySelector("details.sg-filter");
    var form = controls.querySelector("form");
    var live = controls.querySelector(".sg-live");
    template.parentNode.insertBefore(controls, template.nextSibling);

    var shown = root.querySelector(".sg-shown");
    var empty = root.querySelector(".sg-empty");
    var summaryCount = disclosure.querySelector(".sg-active");
    var search = form.querySelector("input[name=name]");
    var clear = form.querySelector(".sg-clear");
    var total = Number(root.dataset.total);

    // The facets and their boxes, by prefix letter and value.
    // Maps without a prototype: a value such as "constructor" is a valid slug.
    var facets = [];
    var byPrefix = Object.create(null);
    Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-facet]"), function (set) {
      var facet = {name: set.dataset.facet, prefix: set.dataset.prefix,
                   boxes: Object.create(null), counts: Object.create(null), chosen: null,
                   index: facets.length};
      Array.prototype.forEach.call(set.querySelectorAll("input[type=checkbox]"), function (box) {
        facet.boxes[box.value] = {input: box, count: box.parentNode.querySelector(".sg-c"),
                                  shown: null};
      });
      facets.push(facet);
      byPrefix[facet.prefix] = facet;
    });

    // Every entry, read once: its facet values per facet, and the names it answers to.
    var sections = [];
    var items = [];
    Array.prototype.forEach.call(root.querySelectorAll("section.sg-letter"), function (el) {
      var heading = el.querySelector("h2");
      var section = {el: el, count: el.querySelector(".sg-n"), items: [], visible: -1,
                     link: root.querySelector(".sg-az a[href='#" + heading.id + "']")};
      Array.prototype.forEach.call(el.querySelectorAll("li[data-f]"), function (li) {
        var values = facets.map(function () { return []; });
        li.dataset.f.split(" ").forEach(function (token) {
          var facet = byPrefix[token.charAt(0)];
          if (facet) values[facet.index].push(token.slice(2));
        });
        var link = li.querySelector("a");
        var names = link.textContent + "|" + (li.dataset.aka || "");
        var item = {el: li, values: values, names: fold(names), visible: true};
        items.push(item);
        section.items.push(item);
      });
      sections.push(section);
    });

    function readAddress() {
      var params = new URLSearchParams(window.location.search);
      facets.forEach(function (facet) {
        var wanted = Object.create(null);
        params.getAll(facet.name).forEach(function (value) {
          value.split(",").forEach(function (v) { wanted[v] = true; });
        });
        Object.keys(facet.boxes).forEach(function (value) {
          facet.boxes[value].input.checked = !!wanted[value];
        });
      });
      search.value = params.get("name") || "";
    }

    function writeAddress() {
      var params = new URLSearchParams(window.location.search);
      facets.forEach(function (facet) {
        params.delete(facet.name);
        Object.keys(facet.boxes).forEach(function (value) {
          if (facet.boxes[value].input.checked) params.append(facet.name, value);
        });
      });
      params.delete("name");
      if (search.value.trim()) params.set("name", search.value.trim());
      var query = params.toString();
      var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      // Replace, not push: Back leaves the page, and comes back to it filtered as it was left.
      window.history.replaceState(window.history.state, "", address);
    }

    var announceTimer = null;

    function apply(announce) {
      facets.forEach(function (facet) {
        var chosen = null;
        Object.keys(facet.boxes).forEach(function (value) {
          if (facet.boxes[value].input.checked) (chosen = chosen || Object.create(null))[value] = true;
          facet.counts[value] = 0;
        });
        facet.chosen = chosen;
      });
      var words = fold(search.value.trim()).split(/\s+/).filter(Boolean);
      var visible = 0;
      var n = facets.length;
      for (var i = 0; i < items.length; i++) {
        var item = items[i];
        var named = true;
        for (var w = 0; w < words.length && named; w++) named = item.names.indexOf(words[w]) >= 0;
        var misses = 0;
        var missed = -1;
        for (var f = 0; f < n && misses < 2; f++) {
          var chosen = facets[f].chosen;
          if (!chosen) continue;
          var values = item.values[f];
          var hit = false;
          for (var v = 0; v < values.length && !hit; v++) hit = chosen[values[v]] === true;
          if (!hit) { misses++; missed = f; }
        }
        // Counts: what each box would leave, keeping the other facets (and the name) as they are.
        if (named && misses === 0) {
          for (f = 0; f < n; f++) countAll(facets[f], item.values[f]);
        } else if (named && misses === 1) {
          countAll(facets[missed], item.values[missed]);
        }
        var show = named && misses === 0;
        if (show !== item.visible) {
          item.el.hidden = !show;
          item.visible = show;
        }
        if (show) visible++;
      }
      sections.forEach(function (section) {
        var count = 0;
        for (var k = 0; k < section.items.length; k++) if (section.items[k].visible) count++;
        if (count === section.visible) return;
        section.visible = count;
        section.el.hidden = count === 0;
        section.count.textContent = plural(count);
        if (section.link) {
          // A letter with nothing left is plain text again, as the letters that never linked.
          if (count === 0) {
            section.link.removeAttribute("href");
            section.link.setAttribute("aria-hidden", "true");
          } else {
            section.link.setAttribute("href", "#" + section.el.querySelector("h2").id);
            section.link.removeAttribute("aria-hidden");
          }
        }
      });
      facets.forEach(function (facet) {
        Object.keys(facet.boxes).forEach(function (value) {
          var box = facet.boxes[value];
          var count = facet.counts[value];
          if (box.shown === count) return;
          box.shown = count;
          box.count.textContent = "(" + count.toLocaleString("en") + ")";
          // A box that would leave nothing cannot be ticked; a ticked one can always be cleared.
          box.input.disabled = count === 0 && !box.input.checked;
        });
      });
      var active = form.querySelectorAll("input[type=checkbox]:checked").length + (words.length ? 1 : 0);
      var message = active ? "Showing " + visible.toLocaleString("en") + " of " + plural(total) + "."
                           : plural(total) + ", from A to Z.";
      shown.textContent = message;
      summaryCount.textContent = active ? "(" + active + " active)" : "";
      clear.hidden = !active;
      empty.hidden = visible > 0;
      root.classList.toggle("sg-filtered", active > 0);
      if (announce === "now") say(message);
      else if (announce === "later") {
        window.clearTimeout(announceTimer);
        announceTimer = window.setTimeout(function () { say(message); }, ANNOUNCE_AFTER_TYPING);
      }
      return visible;
    }

    function countAll(facet, values) {
      for (var v = 0; v < values.length; v++) {
        if (values[v] in facet.counts) facet.counts[values[v]]++;
      }
    }

    function say(message) {
      window.clearTimeout(announceTimer);
      live.textContent = message;
    }

    form.addEventListener("change", function (event) {
      if (event.target === search) return;
      apply("now");
      writeAddress();
    });
    search.addEventListener("input", function () {
      apply("later");
      writeAddress();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    clear.addEventListener("click", function () {
      form.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
      search.value = "";
      apply("now");
      writeAddress();
      search.focus();
    });
    window.addEventListener("pageshow", function (event) {
      // Restored from the back-forward cache: the boxes are as they were, the address too.
      if (event.persisted) apply(null);
    });

    // Open on wide screens; on a phone the facets fold away under "Filter".
    disclosure.open = window.matchMedia("(min-width: 60em)").matches;
    readAddress();
    apply(null);
    // After the first rendering, when each entry has been laid out and its height remembered,
    // let the browser skip entries off screen (see .sg-lazy in stretch.css).
    window.requestAnimationFrame(function () {
      window.setTimeout(function () { root.classList.add("sg-lazy"); }, 0);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".sg-browser"), setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
