// The student's page: a name + class-code form, then a full-window xterm.js terminal bridged to
// the trainer by the WebSocket /ws (text frames: JSON control messages; binary: terminal bytes).
(function () {
  "use strict";
  const form = document.getElementById("login-form");
  const nameBox = document.getElementById("name");
  const codeBox = document.getElementById("code");
  const error = document.getElementById("error");
  const loginPane = document.getElementById("login");
  const termPane = document.getElementById("terminal");
  const encoder = new TextEncoder();
  let term = null, fit = null, ws = null, ready = false;

  // the name and code are remembered so a reload resumes at once (the server keeps the progress)
  nameBox.value = localStorage.getItem("shelldojo.name") || "";
  codeBox.value = sessionStorage.getItem("shelldojo.code") || "";

  function showError(message) {
    error.textContent = message;  // textContent: never markup from the server
    termPane.hidden = true;
    loginPane.hidden = false;
  }

  function save(name, filename, text) {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function sendSize() {
    if (ws && ws.readyState === WebSocket.OPEN && term) {
      ws.send(JSON.stringify({ type: "resize", cols: term.cols, rows: term.rows }));
    }
  }

  function openTerminal() {
    if (term) return;
    term = new Terminal({ cursorBlink: true, scrollback: 5000, fontSize: 15 });
    fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    term.open(termPane);
    term.onData((data) => {
      if (ws && ws.readyState === WebSocket.OPEN && ready) ws.send(encoder.encode(data));
    });
    term.onResize(sendSize);
    window.addEventListener("resize", () => fit.fit());
  }

  function connect(name, code) {
    error.textContent = "";
    loginPane.hidden = true;
    termPane.hidden = false;
    openTerminal();
    fit.fit();
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    ws = new WebSocket(scheme + "//" + location.host + "/ws");
    ws.binaryType = "arraybuffer";
    ready = false;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: "login", name: name, code: code, cols: term.cols, rows: term.rows }));
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== "string") {
        term.write(new Uint8Array(event.data));
        return;
      }
      let msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.type === "ready") {
        ready = true;
        localStorage.setItem("shelldojo.name", name);
        sessionStorage.setItem("shelldojo.code", code);
        term.focus();
      } else if (msg.type === "error") {
        ready = false;
        showError(String(msg.message));
      } else if (msg.type === "notice") {
        term.write("\r\n\x1b[33m" + String(msg.message).replace(/[\x00-\x1f]/g, "") + "\x1b[0m\r\n");
      } else if (msg.type === "download") {
        save(name, String(msg.name), String(msg.text));
      }
    };
    ws.onclose = () => {
      if (ready) term.write("\r\n\x1b[2m[disconnected: reload the page to go on]\x1b[0m\r\n");
      ready = false;
    };
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    connect(nameBox.value.trim(), codeBox.value.trim());
  });
  if (nameBox.value && codeBox.value) connect(nameBox.value, codeBox.value);
}());
