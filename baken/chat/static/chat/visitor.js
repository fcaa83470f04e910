// The visitor's chat with JavaScript: a WebSocket that resumes after the last message id it
// saw, falling back to polling when the socket cannot connect. Without JavaScript the page
// works with form posts and a meta refresh (inside <noscript>).
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root) { return; }
  var log = document.getElementById("chat-log");
  var status = document.getElementById("chat-status");
  var form = document.getElementById("chat-form");
  var text = document.getElementById("chat-text");
  var lang = document.documentElement.lang || "nl";
  var labels = { visitor: lang === "nl" ? "Jij" : "You", worker: lang === "nl" ? "Medewerker" : "Worker", system: "Baken" };
  var lastId = 0;
  var items = log.querySelectorAll("[data-id]");
  for (var i = 0; i < items.length; i++) { lastId = Math.max(lastId, parseInt(items[i].getAttribute("data-id"), 10)); }
  var socket = null;
  var pollTimer = null;
  var failures = 0;

  function add(message) {
    if (message.id <= lastId) { return; } // each message once, in order
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

  function ended() {
    if (socket) { try { socket.close(); } catch (e) { /* closing anyway */ } }
    window.clearInterval(pollTimer);
    window.location.replace(root.getAttribute("data-send-url"));
  }

  // Load the page afresh with a GET: after a refused answer (a passphrase too short) this page
  // is a POST's answer, and reload() would post it again.
  function refresh() { window.location.replace(root.getAttribute("data-send-url")); }

  // A worker's proposal (transfer or handover) is answered with the page's own form (for a
  // handover with the passphrase the person chooses there, which never goes over the socket):
  // load the page afresh when one appears or goes, so the question and its fields are the server's.
  function proposal(p) {
    var shown = root.getAttribute("data-proposal") || "";
    if ((p ? p.id : "") !== shown) { refresh(); }
  }

  function poll() {
    fetch(root.getAttribute("data-poll-url") + "?after=" + lastId, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) { ended(); return null; }
        return response.json();
      })
      .then(function (state) {
        if (!state) { return; }
        state.messages.forEach(add);
        if (state.status === "active" && root.getAttribute("data-status") === "waiting") { refresh(); }
        else { proposal(state.proposal); }
      })
      .catch(function () { /* try again on the next tick */ });
  }

  // A dropped socket tries again at once, after a random 0-100 ms (so the pages of a restarted
  // server do not all arrive in the same millisecond); each further failure in a row doubles
  // the range, up to 30 s. (The same policy as console.js and bench/chat_load.py.)
  function reconnectDelay(n) { return Math.random() * Math.min(30000, 100 * Math.pow(2, Math.min(n, 20) - 1)); }

  function startPolling() {
    if (!pollTimer) { pollTimer = window.setInterval(poll, 3000); }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + window.location.host + root.getAttribute("data-socket-path") + "?after=" + lastId + "&lang=" + lang);
    } catch (e) { startPolling(); return; }
    socket.onopen = function () { failures = 0; window.clearInterval(pollTimer); pollTimer = null; };
    socket.onmessage = function (event) {
      var frame = JSON.parse(event.data);
      if (frame.type === "message") { add(frame); }
      else if (frame.type === "ended") { ended(); }
      else if (frame.type === "proposal") { proposal(frame.proposal); }
      else if (frame.type === "status" && frame.status !== root.getAttribute("data-status")) { refresh(); }
    };
    socket.onclose = function (event) {
      socket = null;
      if (event.code === 4404) { ended(); return; }
      failures += 1;
      startPolling(); // never miss a message while reconnecting
      window.setTimeout(connect, reconnectDelay(failures));
    };
  }

  if (form && text) {
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.value !== "send") { return; }
      event.preventDefault();
      var value = text.value.trim();
      if (!value) { text.focus(); return; }
      var body = new FormData(form);
      body.set("action", "send");
      // getAttribute: the submit button is named "action", which shadows form.action.
      fetch(form.getAttribute("action"), { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (response.status === 201) { text.value = ""; if (!socket) { poll(); } }
          else if (response.status === 404) { ended(); }
        });
    });
  }
  connect();
})();
