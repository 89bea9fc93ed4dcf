/* Stretch Guide: "Your days", a private log of the days a routine was done (routine pages).

   Fills <div class="sg-days" data-routine="slug" hidden> with the same 7-day grid as the
   printed cheat sheet (Day 1 ... Day 7). Day 1 is the first day the reader finished the
   routine; the grid shows that day and the next six, with their dates, a tick on each day
   done and today marked. Once those seven days are past, the next finish starts a new grid.
   The player (player.js) dispatches "sg:finished" on document at the end of a routine; today
   (the local date) is then ticked. The days are kept only in this browser's localStorage
   (key "sg-days:<slug>", a sorted list of ISO dates of the current grid) and never sent
   anywhere; "Clear" removes them after a second, explicit step. When storage is refused
   (private mode, a full quota) the grid still works for as long as the page is open.
   Text goes into the page only through textContent. Without JavaScript the block stays hidden. */
(function () {
  "use strict";

  var DAY = 86400000;
  var SPAN = 7; // days in a grid, as on the printed sheet
  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  var memory = Object.create(null); // what could not be stored, for this page's lifetime
  var lang = document.documentElement.lang || undefined;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // Dates are handled as UTC midnights of local calendar days: adding days never meets a
  // daylight-saving change.
  function isoOf(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
  }

  function msOf(iso) {
    if (!ISO.test(iso)) return NaN;
    var ms = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
    return isoOf(ms) === iso ? ms : NaN; // 2024-02-30 is not a day
  }

  function today() {
    var now = new Date();
    return isoOf(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  }

  function clean(list) {
    if (!Array.isArray(list)) return [];
    var seen = Object.create(null);
    return list.filter(function (iso) {
      if (typeof iso !== "string" || isNaN(msOf(iso)) || seen[iso]) return false;
      seen[iso] = true;
      return true;
    }).sort();
  }

  function load(key) {
    if (key in memory) return memory[key].slice();
    try {
      var raw = window.localStorage.getItem(key);
      return raw ? clean(JSON.parse(raw)) : [];
    } catch (e) {
      return []; // storage refused, or not ours to read
    }
  }

  function store(key, dates) {
    try {
      if (dates.length) window.localStorage.setItem(key, JSON.stringify(dates));
      else window.localStorage.removeItem(key);
      delete memory[key];
    } catch (e) {
      memory[key] = dates.slice(); // kept in the page only
    }
  }

  // The first day of the grid the days belong to: a finish more than six days after the
  // current grid's Day 1 starts a new grid.
  function gridStart(dates) {
    var start = null;
    dates.forEach(function (iso) {
      if (start === null || msOf(iso) >= msOf(start) + SPAN * DAY) start = iso;
    });
    return start;
  }

  // Only the current grid is kept: nothing older is ever shown.
  function tick(dates, iso) {
    var all = clean(dates.concat([iso]));
    var start = gridStart(all);
    return all.filter(function (d) { return d >= start; });
  }

  function element(tag, text, attrs) {
    var el = document.createElement(tag);
    if (text) el.textContent = text;
    Object.keys(attrs || {}).forEach(function (name) { el.setAttribute(name, attrs[name]); });
    return el;
  }

  function shortDate(iso) {
    return new Date(msOf(iso)).toLocaleDateString(lang, {
      weekday: "short", day: "numeric", month: "short", timeZone: "UTC"});
  }

  function setup(root) {
    if (root.getAttribute("data-sg-ready")) return;
    var slug = root.getAttribute("data-routine");
    if (!slug) return;
    root.setAttribute("data-sg-ready", "1");
    var key = "sg-days:" + slug;

    // Seven narrow columns that fit a 320 px screen: no scrolling region. Material wraps every
    // `table:not([class])` in one (which axe flags when it can scroll without being focusable),
    // so this table has a class of its own.
    var table = element("table");
    table.className = "sg-days-grid";
    table.style.display = "table";
    table.style.width = "100%";
    table.style.tableLayout = "fixed";
    var heading = element("h2", "Your days", {id: "sg-your-days"});
    var caption = element("caption", "Ticked when you finish the routine");
    var head = element("tr");
    var body = element("tr");
    var thead = element("thead");
    var tbody = element("tbody");
    thead.appendChild(head);
    tbody.appendChild(body);
    table.appendChild(caption);
    table.appendChild(thead);
    table.appendChild(tbody);
    var note = element("p", "", {tabindex: "-1"});
    var privacy = element("p", "Kept only in this browser, on this device: never sent anywhere.");
    var actions = element("p");
    // The theme shows every .md-button, [hidden] or not: spans around them are hidden instead.
    var clearing = element("span");
    var clear = element("button", "Clear your days", {type: "button", "class": "md-button"});
    clearing.appendChild(clear);
    var ask = element("span");
    var question = element("span", "Clear every ticked day of this routine? ");
    var yes = element("button", "Yes, clear", {type: "button", "class": "md-button md-button--primary"});
    var no = element("button", "Keep them", {type: "button", "class": "md-button"});
    ask.appendChild(question);
    ask.appendChild(yes);
    ask.appendChild(document.createTextNode(" "));
    ask.appendChild(no);
    ask.hidden = true;
    actions.appendChild(clearing);
    actions.appendChild(ask);
    [heading, table, note, privacy, actions].forEach(function (el) { root.appendChild(el); });

    function render(message) {
      var dates = load(key);
      var now = today();
      var start = gridStart(dates);
      var done = Object.create(null);
      dates.forEach(function (iso) { done[iso] = true; });
      head.textContent = "";
      body.textContent = "";
      for (var i = 0; i < SPAN; i++) {
        var iso = start === null ? null : isoOf(msOf(start) + i * DAY);
        var th = element("th", "Day " + (i + 1), {scope: "col"});
        var td = element("td");
        [th, td].forEach(function (cell) {
          cell.style.textAlign = "center";
          cell.style.padding = "0.5em 0.2em";
          cell.style.minWidth = "0";
        });
        if (iso) {
          var d = new Date(msOf(iso));
          [d.toLocaleDateString(lang, {weekday: "short", timeZone: "UTC"}),
           d.toLocaleDateString(lang, {day: "numeric", month: "short", timeZone: "UTC"})
          ].forEach(function (line) {
            var date = element("span", line);
            date.style.fontWeight = "normal";
            th.appendChild(element("br"));
            th.appendChild(date);
          });
          if (iso === now) {
            th.setAttribute("aria-current", "date");
            th.appendChild(element("br"));
            var mark = element("span", "Today");
            mark.style.fontSize = "0.85em"; // fits a column of a 320 px screen
            th.appendChild(mark);
          }
          if (done[iso]) {
            var tick = element("span", "\u2713", {role: "img", "aria-label": "done"});
            tick.style.fontSize = "1.5em";
            tick.style.lineHeight = "1";
            td.appendChild(tick);
          }
        }
        head.appendChild(th);
        body.appendChild(td);
      }
      var end = start === null ? null : isoOf(msOf(start) + (SPAN - 1) * DAY);
      if (message) {
        note.textContent = message;
      } else if (start === null) {
        note.textContent = "When you finish the routine, today is ticked here as Day 1.";
      } else if (now > end) {
        note.textContent = "Done on " + dates.length + " of 7 days. This grid ended on " +
          shortDate(end) + ": the next time you finish the routine starts a new one.";
      } else {
        note.textContent = "Done on " + dates.length + " of 7 days.";
      }
      clearing.hidden = !dates.length || !ask.hidden;
    }

    function closeAsk() {
      ask.hidden = true;
      clearing.hidden = false;
    }

    clear.addEventListener("click", function () {
      clearing.hidden = true;
      ask.hidden = false;
      no.focus(); // the safe choice first
    });
    no.addEventListener("click", function () {
      closeAsk();
      clear.focus();
    });
    yes.addEventListener("click", function () {
      store(key, []);
      ask.hidden = true;
      render("Cleared: no days are kept for this routine.");
      note.focus();
    });
    ask.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        closeAsk();
        clear.focus();
      }
    });
    document.addEventListener("sg:finished", function (event) {
      var detail = event.detail || {};
      if (detail.routine !== slug) return;
      store(key, tick(load(key), today()));
      render();
    });
    window.addEventListener("storage", function (event) {
      if (event.key === key || event.key === null) render(); // another tab of the same site
    });
    render();
    root.hidden = false;
  }

  Array.prototype.forEach.call(document.querySelectorAll(".sg-days[data-routine]"), setup);
})();
