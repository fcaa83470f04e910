// Quick exit and a visit that leaves as little history as the browser allows.
//
// - The button, or Shift pressed three times within 1.5 seconds, tells the server (which
//   answers Clear-Site-Data), forgets what this site stored, steps back to the first page of
//   this visit and replaces it with a neutral page: Back then leads to where the person was
//   before Baken, not to a Baken page.
// - Every page records how deep into this visit it is (history.state.bakenDepth), so the
//   exit knows how far to step back.
// - In the help finder (htmx swaps each question in place) each question gets a history
//   entry of its own, so the browser's Back goes to the previous question with the answers
//   kept, as the on-page Back button does.
// Loaded in <head> without defer: a page reached while leaving replaces itself before it shows.
(function () {
  "use strict";
  var LEAVING = "baken-leaving";
  var DEPTH = "baken-depth";

  function store() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  var s = store();
  var leavingTo = s && s.getItem(LEAVING);
  if (leavingTo) {
    s.removeItem(LEAVING);
    document.documentElement.style.display = "none";
    window.location.replace(leavingTo);
    return;
  }

  var state = window.history.state;
  var depth = 0;
  if (state && typeof state.bakenDepth === "number") {
    depth = state.bakenDepth; // back, forward or reload
  } else {
    var previous = s ? parseInt(s.getItem(DEPTH) || "", 10) : NaN;
    var fromHere = document.referrer && document.referrer.indexOf(window.location.origin + "/") === 0;
    depth = fromHere && !isNaN(previous) ? previous + 1 : 0;
    // The first page of a visit needs no state (no state means depth 0), which also keeps it
    // free of a same-document navigation.
    if (depth > 0) {
      try { window.history.replaceState({ bakenDepth: depth }, ""); } catch (e) { /* ignore */ }
    }
  }
  function remember(d) {
    depth = d;
    if (s) { try { s.setItem(DEPTH, String(d)); } catch (e) { /* ignore */ } }
  }
  remember(depth);

  var leaving = false;
  function leave(event) {
    if (event) { event.preventDefault(); }
    if (leaving) { return; }
    leaving = true;
    var body = document.body;
    var target = body.getAttribute("data-exit-url");
    var endpoint = body.getAttribute("data-exit-endpoint");
    try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* storage may be off */ }
    body.innerHTML = "";
    document.title = "";
    // In a partner's iframe (data-exit-target="top") the whole tab leaves, not only the frame.
    var top = body.getAttribute("data-exit-target") === "top";
    var gone = false;
    var go = function () {
      if (gone) { return; }
      gone = true;
      if (top) {
        try { window.top.location.replace(target); return; } catch (e) { window.open(target, "_top"); return; }
      }
      var steps = depth;
      if (steps > 0) {
        // Step back to the first page of this visit; it replaces itself (see above).
        try { window.sessionStorage.setItem(LEAVING, target); } catch (e) { steps = 0; }
      }
      if (steps > 0) {
        window.history.go(-steps);
        window.setTimeout(function () { window.location.replace(target); }, 600);
      } else {
        window.location.replace(target);
      }
    };
    try {
      fetch(endpoint, { method: "POST", credentials: "same-origin", keepalive: true, redirect: "manual" })
        .then(go, go);
      window.setTimeout(go, 400);
    } catch (e) { go(); }
  }

  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1500; });
    presses.push(now);
    if (presses.length >= 3) { leave(); }
  });

  // The help finder: one history entry per question (same URL; answers stay in the page).
  var restoring = 0; // Back presses still being answered (each swaps in one question)
  function flowForm() { return document.querySelector("#flow form"); }
  window.addEventListener("popstate", function (event) {
    var st = event.state;
    if (leaving) { return; }
    if (!st && window.location.hash) {
      // A link to a place on this page (a fragment the click handler below did not take):
      // one more entry in this visit, not a step back.
      try { window.history.replaceState({ bakenDepth: depth + 1 }, ""); } catch (e) { /* ignore */ }
      remember(depth + 1);
      return;
    }
    var to = st && typeof st.bakenDepth === "number" ? st.bakenDepth : 0;
    var wentBack = to < depth;
    remember(to);
    if (!wentBack || !flowForm()) { return; }
    restoring += 1;
    backWhenIdle(40);
  });
  // Go one question back once htmx has finished swapping the last one in (a quick second Back
  // must not land on a form htmx has not taken over yet).
  function backWhenIdle(tries) {
    var form = flowForm();
    var busy = document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling");
    if ((busy || !form) && tries > 0) {
      window.setTimeout(function () { backWhenIdle(tries - 1); }, 50);
      return;
    }
    if (!form) { restoring = Math.max(0, restoring - 1); return; }
    var back = form.querySelector('button[value="back"]') || form.querySelector('button[value^="edit:"]');
    if (back) { back.click(); } else { restoring = Math.max(0, restoring - 1); } // htmx sends the button's value
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-quick-exit]");
    for (var i = 0; i < buttons.length; i++) { buttons[i].addEventListener("click", leave); }
    // Links to a place on the same page (skip link, error summary) move focus there without
    // a history entry, so Back keeps meaning "the previous question".
    document.addEventListener("click", function (event) {
      var link = event.target && event.target.closest ? event.target.closest('a[href^="#"]') : null;
      if (!link || event.defaultPrevented) { return; }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      event.preventDefault();
      if (!target.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      // A field's question (legend or label) scrolls into view with it, as on GOV.UK.
      var question = target.closest("fieldset");
      question = question ? question.querySelector("legend") : document.querySelector('label[for="' + target.id + '"]');
      (question || target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (!isFlowSwap(event)) { return; }
      if (restoring > 0) {
        restoring -= 1;
      } else {
        try { window.history.pushState({ bakenDepth: depth + 1 }, ""); } catch (e) { return; }
        remember(depth + 1);
      }
    });
    // Focus once htmx has settled: it focuses [autofocus] then, and a summary focused any
    // earlier would be focused again under the person who had already moved on.
    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (isFlowSwap(event)) { focusFirst(); }
    });
    focusFirst();
  });

  function isFlowSwap(event) {
    var d = event.detail || {};
    var path = (d.requestConfig && d.requestConfig.path) || (d.pathInfo && d.pathInfo.requestPath) || "";
    return path.indexOf("/vragen/") !== -1 && !!document.getElementById("flow");
  }

  // An error summary takes focus, so the person hears what went wrong first.
  function focusFirst() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }
})();
