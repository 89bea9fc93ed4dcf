/* Stretch Guide: keep this routine for offline use (routine pages only).

   In a real build the page's #sg-plan carries data-sw, the address of the site's service
   worker (sw.js at the site root, made by generator/offline.py; absent under `serve`). This
   script registers it with the site root as its scope and, once a worker is active, sends it
   the addresses of this page and of the same-origin files the page loaded (stylesheets,
   scripts, images), which the worker keeps. A quiet line beside the Start button then says the
   routine is saved on this device. Without service workers, or without data-sw, nothing
   happens: the page works as before. */
(function () {
  "use strict";

  var plan = document.getElementById("sg-plan");
  if (!plan || !plan.hasAttribute("data-sw") || !("serviceWorker" in navigator)) return;
  var swUrl;
  try {
    swUrl = new URL(plan.getAttribute("data-sw"), location.href);
  } catch (e) {
    return;
  }
  if (swUrl.origin !== location.origin) return; // the worker must be our own
  var scope = new URL("./", swUrl).href;
  // Resource timing names what was really fetched: images in a srcset, a clone's figure files.
  var KINDS = {link: 1, script: 1, img: 1, image: 1, css: 1, use: 1};
  var status = null;

  function ours(href) {
    try {
      var url = new URL(href, location.href);
      url.hash = "";
      if (url.origin !== location.origin || url.href.indexOf(scope) !== 0) return null;
      return url.href === swUrl.href ? null : url.href;
    } catch (e) {
      return null;
    }
  }

  function pageUrls() {
    var found = [location.href];
    var add = function (href) { if (href) found.push(href); };
    Array.prototype.forEach.call(
      document.querySelectorAll("link[rel~=stylesheet][href], link[rel~=icon][href]"),
      function (link) { add(link.href); });
    Array.prototype.forEach.call(document.scripts, function (script) { add(script.src); });
    Array.prototype.forEach.call(document.images, function (img) { add(img.currentSrc || img.src); });
    if (window.performance && performance.getEntriesByType) {
      performance.getEntriesByType("resource").forEach(function (entry) {
        if (KINDS[entry.initiatorType]) add(entry.name);
      });
    }
    var seen = Object.create(null);
    return found.map(ours).filter(function (href) {
      if (!href || seen[href]) return false;
      seen[href] = true;
      return true;
    });
  }

  function say(text) {
    var follow = document.querySelector(".sg-follow");
    if (!follow) return;
    if (!status) {
      status = document.createElement("p");
      status.className = "sg-offline";
      status.setAttribute("role", "status"); // polite, and said once: it changes once
      status.style.fontSize = "0.85em"; // a quiet line under the Start button
      follow.appendChild(status);
    }
    if (status.textContent !== text) status.textContent = text;
  }

  // A new deploy's worker waiting behind a busy previous one: ask it to take over now (see
  // "activate" in sw.js).
  function nudge() {
    navigator.serviceWorker.getRegistration(scope).then(function (registration) {
      if (registration && registration.waiting) {
        registration.waiting.postMessage({type: "activate"});
      }
    }).catch(function () {});
  }

  function keep(worker) {
    if (!worker || !window.MessageChannel) return;
    var channel = new MessageChannel();
    channel.port1.onmessage = function (event) {
      var answer = event.data || {};
      var page = ours(location.href);
      if (Array.isArray(answer.kept) && answer.kept.indexOf(page) >= 0 && !answer.failed) {
        say("Saved on this device: this routine also works offline.");
      }
      nudge(); // the worker that answered is no longer busy
    };
    worker.postMessage({type: "keep", urls: pageUrls()}, [channel.port2]);
  }

  function start() {
    navigator.serviceWorker.register(swUrl.href, {scope: scope}).then(function (registration) {
      registration.addEventListener("updatefound", function () {
        var installing = registration.installing;
        if (!installing) return;
        installing.addEventListener("statechange", function () {
          if (installing.state === "installed") nudge();
        });
      });
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      keep(registration.active);
    }).catch(function () {
      // No worker (blocked, private mode, a storage quota): the page works online as before.
    });
    // A new deploy's worker takes over and drops the previous version's copies: keep again.
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      keep(navigator.serviceWorker.controller);
    });
  }

  // After the page's own files have loaded, so that they are all listed and already fetched.
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
