// Quick exit: the button, or Shift pressed three times within 1.5 seconds. Tells the server
// (which answers Clear-Site-Data), forgets what this site stored, and replaces the page so
// the back button does not come back here.
(function () {
  "use strict";
  var body = document.body;
  var target = body.getAttribute("data-exit-url");
  var endpoint = body.getAttribute("data-exit-endpoint");
  var leaving = false;

  function leave(event) {
    if (event) { event.preventDefault(); }
    if (leaving) { return; }
    leaving = true;
    try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* storage may be off */ }
    document.body.innerHTML = "";
    document.title = "";
    // In a partner's iframe (data-exit-target="top") the whole tab leaves, not only the frame.
    var top = body.getAttribute("data-exit-target") === "top";
    var go = function () {
      if (top) {
        try { window.top.location.replace(target); return; } catch (e) { window.open(target, "_top"); return; }
      }
      window.location.replace(target);
    };
    try {
      fetch(endpoint, { method: "POST", credentials: "same-origin", keepalive: true, redirect: "manual" })
        .then(go, go);
      window.setTimeout(go, 400);
    } catch (e) { go(); }
  }

  var buttons = document.querySelectorAll("[data-quick-exit]");
  for (var i = 0; i < buttons.length; i++) { buttons[i].addEventListener("click", leave); }

  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1500; });
    presses.push(now);
    if (presses.length >= 3) { leave(); }
  });
})();
