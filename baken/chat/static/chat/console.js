// The worker console: live messages in a conversation (WebSocket, falling back to polling),
// canned texts into the message box, and a live waiting count on the console page.
(function () {
  "use strict";
  var consoleRoot = document.getElementById("console");
  if (consoleRoot) {
    window.setInterval(function () {
      fetch(consoleRoot.getAttribute("data-state-url"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (state) {
          var count = document.getElementById("waiting-count");
          if (count) { count.textContent = String(state.waiting); }
        })
        .catch(function () { /* next tick */ });
    }, 4000);
    return;
  }
  var root = document.getElementById("work");
  if (!root) { return; }
  var canned = document.querySelectorAll("[data-canned]");
  var text = document.getElementById("chat-text");
  for (var c = 0; c < canned.length; c++) {
    canned[c].addEventListener("click", function (event) { if (text) { text.value = event.currentTarget.getAttribute("data-canned"); text.focus(); } });
  }
  var log = document.getElementById("chat-log");
  if (!log) { return; }
  var form = document.getElementById("chat-form");
  var lang = document.documentElement.lang || "nl";
  var labels = { visitor: lang === "nl" ? "Persoon" : "Person", worker: lang === "nl" ? "Jij" : "You", system: "Baken" };
  var lastId = 0;
  var items = log.querySelectorAll("[data-id]");
  for (var i = 0; i < items.length; i++) { lastId = Math.max(lastId, parseInt(items[i].getAttribute("data-id"), 10)); }
  var socket = null;
  var pollTimer = null;
  var failures = 0;

  // A dropped socket tries again at once, after a random 0-100 ms; each further failure in a
  // row doubles the range, up to 30 s (as visitor.js).
  function reconnectDelay(n) { return Math.random() * Math.min(30000, 100 * Math.pow(2, Math.min(n, 20) - 1)); }

  function add(message) {
    if (message.id <= lastId) { return; }
    lastId = message.id;
    var li = document.createElement("li");
    li.className = "baken-chat-message baken-chat-message--" + message.from;
    li.setAttribute("data-id", String(message.id));
    var who = document.createElement("span");
    who.className = "baken-meta";
    who.textContent = labels[message.from] || "";
    var body = document.createElement("span");
    body.className = "baken-chat-text";
    body.textContent = " " + message.text;
    li.appendChild(who);
    li.appendChild(body);
    log.appendChild(li);
    li.scrollIntoView({ block: "nearest" });
  }
  function ended() { window.location.reload(); }
  function poll() {
    fetch(root.getAttribute("data-poll-url") + "?after=" + lastId, { credentials: "same-origin" })
      .then(function (r) { if (r.status === 404) { ended(); return null; } return r.json(); })
      .then(function (state) { if (state) { state.messages.forEach(add); } })
      .catch(function () { /* next tick */ });
  }
  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    try { socket = new WebSocket(scheme + window.location.host + root.getAttribute("data-socket-path") + "?after=" + lastId + "&lang=" + lang); }
    catch (e) { pollTimer = pollTimer || window.setInterval(poll, 3000); return; }
    socket.onopen = function () { failures = 0; window.clearInterval(pollTimer); pollTimer = null; };
    socket.onmessage = function (event) {
      var frame = JSON.parse(event.data);
      if (frame.type === "message") { add(frame); } else if (frame.type === "ended") { ended(); }
    };
    socket.onclose = function (event) {
      socket = null;
      if (event.code === 4404) { ended(); return; }
      failures += 1;
      pollTimer = pollTimer || window.setInterval(poll, 3000);
      window.setTimeout(connect, reconnectDelay(failures));
    };
  }
  if (form && text) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!text.value.trim()) { text.focus(); return; }
      var body = new FormData(form);
      body.set("action", "send");
      fetch(root.getAttribute("data-action-url"), { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (r.status === 201) { text.value = ""; if (!socket) { poll(); } } else if (r.status === 404) { ended(); } });
    });
  }
  connect();
})();
