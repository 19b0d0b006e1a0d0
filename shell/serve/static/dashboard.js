// The teacher's dashboard: redraws the grid from /teacher/state.json whenever the server-sent
// events at /teacher/events say something happened.  Student names and command lines are
// untrusted: they only ever reach the page through textContent, never innerHTML.
'use strict';
(function () {
  const MARK = { solved: '✔', working: '…', skipped: '↷', '': '' };
  const LOG_LINES = 200;
  let pending = null;

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function grid(state) {
    const table = el('table', 'grid');
    const head = table.createTHead();
    const packs = head.insertRow();
    const titles = head.insertRow();
    packs.appendChild(el('th', 'pack', ''));
    titles.appendChild(el('th', 'student', 'student'));
    for (const pack of state.packs) {
      const th = el('th', 'pack', pack.title);
      th.colSpan = Math.max(1, pack.challenges.length);
      packs.appendChild(th);
      for (const c of pack.challenges) {
        const cell = el('th', 'challenge', c.id);
        cell.title = c.title;
        titles.appendChild(cell);
      }
    }
    const body = table.createTBody();
    for (const s of state.students) {
      const row = body.insertRow();
      const name = el('th', 'student');
      name.appendChild(el('span', s.connected ? 'dot on' : 'dot'));
      name.appendChild(document.createTextNode(s.name));
      name.title = s.name;
      row.appendChild(name);
      for (const pack of state.packs) {
        for (const c of pack.challenges) {
          const info = (s.cells[pack.id] || {})[c.id] || { state: '', hints: 0 };
          const td = el('td', info.state || '');
          if (s.current && s.current.pack === pack.id && s.current.challenge === c.id) td.classList.add('current');
          td.appendChild(document.createTextNode(MARK[info.state] || ''));
          if (info.hints) td.appendChild(el('span', 'hints', info.hints + 'h'));
          row.appendChild(td);
        }
      }
    }
    return table;
  }

  function recent(state) {
    const box = document.createDocumentFragment();
    for (const s of state.students) {
      if (!s.recent.length) continue;
      const div = el('div', 'recent-student');
      div.appendChild(el('strong', '', s.name));
      const pre = el('pre');
      for (const line of s.recent) {
        const span = el('span', line.status ? 'status-bad' : '', '$ ' + line.command +
          (line.status ? '   [exit ' + line.status + ']' : '') + '\n');
        pre.appendChild(span);
      }
      div.appendChild(pre);
      box.appendChild(div);
    }
    return box;
  }

  function render(state) {
    document.getElementById('grid').replaceChildren(grid(state));
    document.getElementById('recent').replaceChildren(recent(state));
  }

  function refresh() {
    fetch('/teacher/state.json', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) render(state); })
      .catch(function () {});
  }

  function schedule() {  // a burst of events makes one fetch
    if (pending === null) pending = setTimeout(function () { pending = null; refresh(); }, 500);
  }

  function logEvent(event) {
    const log = document.getElementById('log');
    const words = [new Date().toLocaleTimeString(), event.type, event.name || ''];
    if (event.challenge) words.push(event.challenge);
    if (event.command) words.push('$ ' + event.command);
    log.insertBefore(el('li', '', words.join(' ')), log.firstChild);
    while (log.childNodes.length > LOG_LINES) log.removeChild(log.lastChild);
  }

  function connect() {
    const live = document.getElementById('live');
    const source = new EventSource('/teacher/events');
    source.onopen = function () { live.textContent = 'live'; live.classList.remove('off'); refresh(); };
    source.onerror = function () { live.textContent = 'reconnecting…'; live.classList.add('off'); };
    source.onmessage = function (message) {
      try { logEvent(JSON.parse(message.data)); } catch (e) { /* not ours */ }
      schedule();
    };
  }

  function exportsMenu() {  // the header's Export menu closes on a click elsewhere or Escape
    const menu = document.querySelector('details.exports');
    if (!menu) return;
    document.addEventListener('click', function (ev) {
      if (menu.open && !menu.contains(ev.target)) menu.open = false;
    });
    document.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape' && menu.open) { menu.open = false; menu.querySelector('summary').focus(); }
    });
  }

  document.addEventListener('DOMContentLoaded', function () { exportsMenu(); refresh(); connect(); });
})();
