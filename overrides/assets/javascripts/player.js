/* Stretch Guide: the routine player (issue 14).

   Progressive enhancement: a routine page carries its timing plan as JSON in <script id="sg-plan">
   (generator/timing.py) and a hidden "Start routine" button. With this script the button shows and
   opens a full-screen modal <dialog> that walks through the plan's phases: get ready, holds, reps,
   switch sides, rests, and holds that end on a sensation ("Done"). Every string in the plan is
   untrusted content: it reaches the page through textContent only.

   Time is read from the clock (performance.now), never counted in ticks: the display timer only
   re-reads it, so a hidden or throttled tab neither drifts nor skips. When the tab comes back, the
   player catches up through whatever phases the clock says have passed. */
(function () {
  "use strict";

  var KEY = "sg-player-settings";
  var TICK_MS = 250; // how often the display re-reads the clock
  var FRAME_MS = 3500; // each figure frame stays this long before fading to the next
  var EXTRA_MS = 10000; // the "+10 s" button

  var source = document.getElementById("sg-plan");
  var follow = document.querySelector(".sg-follow");
  var start = follow && follow.querySelector(".sg-start");
  if (!source || !start || typeof HTMLDialogElement !== "function") return;
  var plan;
  try { plan = JSON.parse(source.textContent); } catch (e) { return; }
  if (!plan || !Array.isArray(plan.phases) || !plan.phases.length ||
      !Array.isArray(plan.exercises) || !plan.exercises.length) return;

  var AudioCtx = window.AudioContext || window.webkitAudioContext;
  var can = {
    beep: typeof AudioCtx === "function",
    speak: "speechSynthesis" in window && typeof SpeechSynthesisUtterance === "function",
    vibrate: typeof navigator.vibrate === "function",
    wake: "wakeLock" in navigator
  };
  var SETTINGS = [ // [key, label, default]; a cue the browser cannot give is not offered
    ["auto", "Move on automatically", true],
    ["beep", "Beeps", true],
    ["speak", "Spoken cues", false],
    ["vibrate", "Vibrate", true]
  ];
  var settings = load();
  var motion = window.matchMedia("(prefers-reduced-motion: reduce)");

  // --- small helpers ------------------------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function put(node, text) { // write only on change: screen readers and layout stay calm
    if (node.textContent !== text) node.textContent = text;
  }
  function show(node, on) { node.hidden = !on; }
  function clock(ms) { // 75 -> "1:15", 9 -> "9"
    var s = Math.max(0, ms);
    return s < 60 ? String(s) : Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  function load() {
    var saved = {};
    try { saved = JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { saved = {}; }
    var out = {};
    SETTINGS.forEach(function (s) {
      out[s[0]] = typeof saved[s[0]] === "boolean" ? saved[s[0]] : s[2];
    });
    return out;
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(settings)); } catch (e) { /* private mode */ }
  }

  // --- the dialog ----------------------------------------------------------------------------
  // The player's own markup. It holds no content: every text from the plan goes in through
  // textContent. Each button names its action in data-do.
  function btn(cls, action, text) {
    return '<button type="button" class="sg-p-btn sg-p-' + cls + '" data-do="' + action + '">' +
      text + "</button>";
  }
  var SKELETON =
    '<div class="sg-p-head"><div class="sg-p-where"><p class="sg-p-count"></p>' +
    '<p class="sg-p-next"></p><p class="sg-p-wake"></p></div>' + btn("stop", "close", "Stop") +
    '</div><div class="sg-p-play"><div class="sg-p-main">' +
    // Reading order = phone order: what, the timer, the picture, then how to.
    '<div class="sg-p-about"><h2 class="sg-p-title" tabindex="-1"></h2><p class="sg-p-dose"></p>' +
    '<p class="sg-p-note"></p></div><div class="sg-p-timer"><div class="sg-p-caution">' +
    '<p class="sg-p-caution-title">Take care</p><ul></ul></div>' +
    // role=timer is not live: each phase is announced once instead, never every second.
    '<p class="sg-p-phase"></p><p class="sg-p-side"></p><p class="sg-p-big" role="timer"></p>' +
    '<p class="sg-p-sub"></p><p class="sg-p-state"></p></div><div class="sg-p-fig"></div>' +
    '<div class="sg-p-how"><h3>How to do it</h3><ol class="sg-p-steps"></ol>' +
    '<ul class="sg-p-take"></ul></div><details class="sg-p-settings"><summary>Settings</summary>' +
    // "Next" at "Time's up" and "Done" for a hold until: in the bar, so never scrolled away.
    '</details></div><div class="sg-p-foot">' + btn("act sg-p-primary", "skip", "Next") +
    btn("back", "previous", "Back") + btn("pause sg-p-primary", "pause", "Pause") +
    btn("skip", "skip", "Skip") + btn("more", "more", "+10 s") +
    btn("hurts", "hurt", "Stop: this hurts") + '</div></div><section class="sg-p-msg">' +
    '<h2 class="sg-p-mtitle"></h2><p class="sg-p-mtext"></p><p class="sg-p-mnote"></p>' +
    '<div class="sg-p-mbuttons">' + btn("onward sg-p-primary", "onward", "Move on to the next exercise") +
    btn("done", "close", "Close") + '</div></section><p class="sg-sr sg-p-live" aria-live="polite"></p>';
  var ui = null;

  function build() {
    var d = el("dialog", "sg-player");
    d.setAttribute("aria-label", "Follow along: " + (plan.title || "routine"));
    d.innerHTML = SKELETON; // constant markup, above
    var found = { dialog: d };
    ("main count next wake stop play title dose note fig caution phase side big sub state act " +
     "steps take pause more msg mtitle mtext mnote onward done live").split(" ").forEach(
      function (name) { found[name] = d.querySelector(".sg-p-" + name); });
    var prefs = d.querySelector(".sg-p-settings");
    SETTINGS.forEach(function (s) {
      if (s[0] !== "auto" && !can[s[0]]) return;
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.name = s[0];
      box.checked = settings[s[0]];
      box.addEventListener("change", function () {
        settings[s[0]] = box.checked;
        save();
        if (s[0] === "beep" && box.checked) unlockAudio(); // a click: audio may start now
        if (s[0] === "speak" && !box.checked) window.speechSynthesis.cancel();
      });
      label.append(box, document.createTextNode(" " + s[1]));
      prefs.append(label);
    });
    var actions = { close: close, skip: skip, previous: previous, pause: togglePause,
                    more: addTime, hurt: hurt, onward: moveOn };
    d.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-do]");
      if (b) actions[b.dataset.do]();
    });
    d.addEventListener("cancel", function (e) { e.preventDefault(); close(); }); // Esc
    d.addEventListener("close", cleanUp);
    document.addEventListener("keydown", keys); // not the dialog's: a click on text focuses body
    motion.addEventListener("change", function () { if (ui) setFigure(S.shown); });
    document.body.append(d);
    return found;
  }

  // --- state and the clock -------------------------------------------------------------------
  // `played` is time spent not paused since Start; a phase began at some `played` instant.
  var S = {};
  var timer = null;

  function now() { return performance.now(); }
  function played() { return S.acc + (S.since === null ? 0 : now() - S.since); }
  function current() { return plan.phases[S.i]; }
  function exercise(ph) { return plan.exercises[ph.exercise] || plan.exercises[0]; }
  function timed(ph) { return ph.kind !== "until"; }
  function length(ph) { return (ph.seconds || 0) * 1000 + S.extra; }
  function elapsed() { return played() - S.began; }

  function enter(i, began) {
    S.i = i;
    S.began = began;
    S.extra = 0;
    S.waiting = false;
    S.beeped = Infinity; // the last of the final three seconds beeped
    S.seq += 1; // a new phase (even the same one again) is announced again
  }

  function open() {
    if (!ui) ui = build();
    S = { i: 0, acc: 0, since: now(), began: 0, extra: 0, waiting: false, hurt: false,
          screen: "play", seq: 0, cued: 0, shown: -1, exStart: 0, frame: -1, beeped: Infinity };
    enter(0, 0);
    screen("play");
    ui.dialog.showModal();
    ui.title.focus(); // Space and the arrows work at once; Tab reaches every control
    requestWake();
    timer = window.setInterval(tick, TICK_MS);
    tick();
  }

  function close() {
    if (ui && ui.dialog.open) ui.dialog.close();
  }

  function cleanUp() {
    window.clearInterval(timer);
    timer = null;
    S.since = null;
    if (can.speak) window.speechSynthesis.cancel();
    releaseWake();
    start.focus();
  }

  function tick() {
    if (!ui || !ui.dialog.open || S.screen !== "play") return;
    // Catch up: after a hidden tab, several timed phases may have ended since the last tick.
    for (var guard = 0; guard <= plan.phases.length; guard += 1) {
      var ph = current();
      if (!timed(ph) || S.waiting || S.since === null || elapsed() < length(ph)) break;
      if (!settings.auto) {
        S.waiting = true;
        cue("Time's up. Next when you are ready.", null, 660, 400);
        break;
      }
      if (S.i + 1 >= plan.phases.length) return finish();
      enter(S.i + 1, S.began + length(ph)); // the next phase began when this one ended
    }
    render();
  }

  // --- controls ------------------------------------------------------------------------------
  function togglePause() {
    if (S.screen !== "play") return;
    if (S.since === null) {
      S.since = now();
    } else {
      S.acc += now() - S.since;
      S.since = null;
    }
    tick();
  }

  function resume() { if (S.since === null) S.since = now(); }

  function skip() {
    if (S.screen !== "play") return;
    resume();
    if (S.i + 1 >= plan.phases.length) return finish();
    enter(S.i + 1, played());
    tick();
  }

  function previous() {
    if (S.screen !== "play") return;
    resume();
    enter(Math.max(0, S.i - 1), played());
    tick();
  }

  function addTime() {
    var ph = current();
    if (S.screen !== "play" || !timed(ph)) return;
    // Waiting at "Time's up": ten more seconds from now, not from when the time ran out.
    S.extra = Math.max(S.extra, elapsed() - (ph.seconds || 0) * 1000) + EXTRA_MS;
    S.waiting = false;
    S.beeped = Infinity;
    tick();
  }

  function hurt() {
    if (S.screen !== "play") return;
    S.hurt = true; // this session never ticks the log, even if it goes on to the end
    if (S.since !== null) { S.acc += now() - S.since; S.since = null; }
    var h = plan.hurts || {};
    var later = nextExercisePhase() !== -1;
    screen("hurt");
    put(ui.mtitle, h.title || "Stop if it hurts");
    put(ui.mtext, h.text || "");
    put(ui.mnote, later ? "Stopped. You can move on to the next exercise or end here."
                          : "Stopped. That was the last exercise.");
    show(ui.onward, later);
    put(ui.done, "End");
    announce((h.title || "Stop if it hurts") + ". " + (h.text || ""));
    (later ? ui.onward : ui.done).focus();
  }

  function nextExercisePhase() {
    var from = current().exercise;
    for (var j = S.i + 1; j < plan.phases.length; j += 1) {
      if (plan.phases[j].exercise !== from) return j;
    }
    return -1;
  }

  function moveOn() {
    var j = nextExercisePhase();
    if (j === -1) return close();
    screen("play");
    resume();
    enter(j, played());
    tick();
    ui.title.focus();
  }

  function finish() {
    S.since = null;
    screen("end");
    put(ui.mtitle, "Routine done");
    put(ui.mtext, "Well done: you have finished " + (plan.title || "the routine") + ".");
    var ticks = !S.hurt && document.querySelector(".sg-days");
    put(ui.mnote, S.hurt ? "Not ticked in your log of days: an exercise hurt today."
                           : ticks ? "Ticked today in your log of days on this device." : "");
    show(ui.onward, false);
    put(ui.done, "Close");
    cue("Routine done.", "Routine done", 880, 600);
    releaseWake();
    ui.done.focus();
    if (!S.hurt) {
      document.dispatchEvent(new CustomEvent("sg:finished", { detail: { routine: plan.routine } }));
    }
  }

  function keys(e) {
    if (!ui.dialog.open || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Tab") return wrap(e);
    if (S.screen !== "play") return;
    var t = e.target;
    var control = t.closest && t.closest("button, input, summary, a[href], select, textarea");
    if (e.key === " " && !control) { // on a button, Space presses that button, as everywhere
      e.preventDefault();
      if (S.waiting || !timed(current())) skip(); else togglePause();
    } else if (e.key === "ArrowRight") {
      e.preventDefault();
      skip();
    } else if (e.key === "ArrowLeft") {
      e.preventDefault();
      previous();
    }
  }

  // The modal dialog makes the page inert, but Tab from its last control would leave for the
  // browser's own bar: round it goes instead, last to first and first to last.
  function wrap(e) {
    var all = Array.prototype.filter.call(
      ui.dialog.querySelectorAll("button, summary, input"),
      function (n) { return !n.disabled && n.getClientRects().length > 0; });
    if (!all.length) return;
    var first = all[0];
    var last = all[all.length - 1];
    var at = document.activeElement;
    if (e.shiftKey ? at === first || !ui.dialog.contains(at) : at === last) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  }

  function screen(name) {
    S.screen = name;
    show(ui.play, name === "play");
    show(ui.msg, name !== "play");
    ui.msg.className = "sg-p-msg sg-p-msg-" + name;
    show(ui.stop, name === "play"); // the message has its own way out
  }

  // --- drawing the current phase -------------------------------------------------------------
  function render() {
    var ph = current();
    var ex = exercise(ph);
    if (S.shown !== ph.exercise) showExercise(ph.exercise);
    var paused = S.since === null;
    var ms = elapsed();
    var total = plan.exercises.length;
    var after = plan.exercises[ph.exercise + 1];
    put(ui.count, "Exercise " + (ph.exercise + 1) + " of " + total);
    put(ui.next, after ? "Next: " + after.title : "Last exercise");
    var warn = ph.kind === "ready" && (ex.cautions || []).length > 0;
    show(ui.caution, warn); // before the exercise starts, big; after, with the steps
    show(ui.take, !warn);
    put(ui.phase, ph.kind === "until" ? ph.label + " " + (ph.until || "") : ph.label);
    var where = [];
    if (ph.side === "first") where.push("First side");
    if (ph.side === "other") where.push("Other side");
    if ((ph.sets || 1) > 1) where.push("Set " + (ph.set || 1) + " of " + ph.sets);
    put(ui.side, where.join(" · "));
    show(ui.side, where.length > 0);

    var left = Math.ceil((length(ph) - ms) / 1000);
    var big;
    var sub = "";
    if (!timed(ph)) {
      big = clock(Math.floor(ms / 1000));
      sub = "Take your time: press Done when it has happened.";
    } else if (ph.kind === "reps" && ph.reps) {
      // The plan's pace; +10 s lengthens the last rep only.
      var pace = (ph.seconds_per_rep || ph.seconds / ph.reps) * 1000 || 1;
      big = "Rep " + Math.min(ph.reps, Math.floor(ms / pace) + 1) + " of " + ph.reps;
      sub = [left > 0 ? left + " s left" : "",
             ph.hold ? "hold " + ph.hold + " s each" : "",
             ph.up_to ? "work up to " + ph.up_to : ""].filter(Boolean).join(" · ");
    } else {
      big = clock(Math.max(0, left));
      if (ph.suggested) sub = "About " + ph.seconds + " s (suggested)";
      else if (ph.up_to) sub = "Work up to " + ph.up_to + " s";
    }
    put(ui.big, big);
    ui.big.classList.toggle("sg-p-reps", ph.kind === "reps");
    ui.big.classList.toggle("sg-p-dim", paused);
    put(ui.sub, sub);
    show(ui.sub, sub !== "");
    put(ui.state, paused ? "Paused" : S.waiting ? "Time's up" : "");
    show(ui.state, paused || S.waiting);
    put(ui.act, timed(ph) ? "Next" : "Done");
    show(ui.act, S.waiting || !timed(ph));
    put(ui.pause, paused ? "Resume" : "Pause");
    ui.more.disabled = !timed(ph);

    if (S.cued !== S.seq) { // once per phase: sound, speech, vibration and the live region
      S.cued = S.seq;
      cue(said(ph, ex), told(ph, ex), 660, 250);
    } else if (timed(ph) && !paused && !S.waiting && left >= 1 && left <= 3 && left < S.beeped) {
      S.beeped = left;
      beep(880, 120);
    }
    animate(paused);
  }

  function said(ph, ex) { // the spoken cue: short, as a coach would say it
    var n = ph.seconds + " seconds";
    switch (ph.kind) {
      case "ready": return (ph.exercise ? "Next: " : "") + ex.title + ". " + ph.label + ".";
      case "hold": return ph.label + (ph.suggested ? " about " : " ") + n + ".";
      case "reps": return ph.label + " " + ph.reps + " times" +
        (ph.side ? ", " + ph.side + " side." : ".");
      case "until": return ph.label + " " + (ph.until || "") + ".";
      case "rest": return ph.label + " " + n + ".";
      default: return ph.label + ".";
    }
  }

  function told(ph, ex) { // the live region: the spoken cue, with what the screen shows besides
    var text = said(ph, ex);
    if (ph.kind === "ready") {
      text = "Exercise " + (ph.exercise + 1) + " of " + plan.exercises.length + ": " + ex.title +
        ". " + ph.label + ", " + ph.seconds + " seconds." +
        (ex.cautions && ex.cautions.length ? " Take care: " + ex.cautions.join(" ") : "");
    } else if (ph.side && ph.kind !== "reps") {
      text += " " + (ph.side === "first" ? "First" : "Other") + " side.";
    }
    if ((ph.sets || 1) > 1 && ph.kind !== "switch") text += " Set " + ph.set + " of " + ph.sets + ".";
    return text;
  }

  function showExercise(k) {
    var ex = plan.exercises[k] || {};
    S.shown = k;
    S.exStart = played();
    ui.main.scrollTop = 0; // the new exercise from its name, not where the last one was read
    put(ui.title, (ex.number || k + 1) + ". " + (ex.title || ""));
    put(ui.dose, ex.dose || "");
    show(ui.dose, !!ex.dose);
    put(ui.note, ex.note || "");
    show(ui.note, !!ex.note);
    fill(ui.caution.querySelector("ul"), ex.cautions);
    fill(ui.steps, ex.steps);
    fill(ui.take, (ex.cautions || []).map(function (c) { return "Take care: " + c; }));
    setFigure(k);
  }

  function fill(list, items) {
    list.replaceChildren();
    (items || []).forEach(function (text) { list.append(el("li", null, String(text))); });
  }

  // The exercise's own figure from the page, copied: its frames take turns, cross-fading
  // (figure.css lays them side by side, which is what reduced motion keeps).
  function setFigure(k) {
    ui.fig.replaceChildren();
    S.frame = -1;
    var ex = plan.exercises[k] || {};
    var block = ex.block ? document.getElementById(ex.block) : null;
    var figure = block && block.querySelector("figure.sg-figure");
    show(ui.fig, !!figure);
    if (!figure) return;
    var copy = figure.cloneNode(true);
    // Ids must stay unique in the page: the copy keeps none (the figures use none today).
    copy.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
    copy.removeAttribute("id");
    var caption = copy.querySelector("figcaption"); // the title is right above
    if (caption) caption.remove();
    var fade = copy.querySelectorAll(".sg-step").length > 1 && !motion.matches;
    copy.classList.toggle("sg-p-fade", fade);
    if (fade) showFrame(copy, 0); // before it is in the page: the first frame without a fade in
    ui.fig.append(copy);
  }

  function animate(paused) {
    var copy = ui.fig.firstChild;
    if (!copy || !copy.classList.contains("sg-p-fade")) return;
    copy.classList.toggle("sg-p-still", paused); // paused: the picture stops too (WCAG 2.2.2)
    var n = copy.querySelectorAll(".sg-step").length;
    var f = Math.floor((played() - S.exStart) / FRAME_MS) % n;
    if (f !== S.frame) showFrame(copy, f);
  }

  function showFrame(copy, f) { // the others are hidden from screen readers too
    S.frame = f;
    copy.querySelectorAll(".sg-step").forEach(function (step, j) {
      step.classList.toggle("sg-p-on", j === f);
      if (j === f) step.removeAttribute("aria-hidden"); else step.setAttribute("aria-hidden", "true");
    });
  }

  // --- cues ----------------------------------------------------------------------------------
  var audio = null;

  function unlockAudio() { // inside the Start tap: browsers let sound start only from a gesture
    if (!can.beep || !settings.beep) return;
    try {
      audio = audio || new AudioCtx();
      if (audio.state === "suspended") audio.resume();
    } catch (e) {
      audio = null;
    }
  }

  function beep(freq, ms) {
    if (!settings.beep || !audio) return;
    var t = audio.currentTime;
    var osc = audio.createOscillator();
    var gain = audio.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.3, t + 0.01); // no click at the start
    gain.gain.exponentialRampToValueAtTime(0.0001, t + ms / 1000);
    osc.connect(gain).connect(audio.destination);
    osc.start(t);
    osc.stop(t + ms / 1000 + 0.05);
  }

  function cue(spoken, announced, freq, ms) {
    beep(freq, ms);
    if (settings.vibrate && can.vibrate) navigator.vibrate(ms);
    if (settings.speak && can.speak && spoken) {
      window.speechSynthesis.cancel(); // a new phase: the old words no longer matter
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(spoken));
    }
    announce(announced === null ? spoken : announced);
  }

  function announce(text) {
    ui.live.textContent = text;
  }

  // --- the screen stays on -------------------------------------------------------------------
  var lock = null;

  function requestWake() {
    if (lock || !can.wake || document.visibilityState !== "visible") return showWake();
    navigator.wakeLock.request("screen").then(function (l) {
      if (!ui.dialog.open || S.screen === "end") { l.release(); return; }
      lock = l;
      l.addEventListener("release", function () { if (lock === l) lock = null; showWake(); });
      showWake();
    }, function () { lock = null; showWake(); });
    showWake();
  }

  function releaseWake() {
    var l = lock;
    lock = null;
    if (l) l.release().catch(function () {});
    showWake();
  }

  function showWake() {
    if (!ui) return;
    var on = !!lock;
    put(ui.wake, on ? "Screen stays on" : "Screen may turn off");
    ui.wake.classList.toggle("sg-p-on", on);
  }

  document.addEventListener("visibilitychange", function () {
    if (!ui || !ui.dialog.open || document.visibilityState !== "visible") return;
    if (S.screen === "play") requestWake(); // the browser drops the lock when the tab hides
    tick();
  });

  start.addEventListener("click", function () { unlockAudio(); open(); });
  follow.hidden = false;
})();
