// The im-bridge console: plain JS over the bridge's /admin/… API (and the sandboxes' read API for Try it).
// Every value from the bridge is put on the page as text (textContent), never as markup.
(function () {
  'use strict';

  const TOKEN_KEY = 'im-bridge.admin-token';
  const SANDBOXES = ['mychat', 'openim', 'tencent', 'netease'];
  const $ = (sel) => document.querySelector(sel);
  let view = 'flow';
  let sandboxes = false;
  const charts = {};

  // ---- talking to the bridge -------------------------------------------------------------------------------

  class Refused extends Error {}

  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      opts.headers['Authorization'] = 'Bearer ' + token;
    }
    const res = await fetch(path, opts);
    if (res.status === 401 || res.status === 403) {
      const body = await res.json().catch(() => ({}));
      showLogin(res.status === 401
        ? (token ? 'That token was refused.' : '')
        : (body.error || 'Refused.'), res.status === 403);
      throw new Refused(body.error || 'refused');
    }
    const text = await res.text();
    let body;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = text; }
    return { status: res.status, body: body };
  }

  function showLogin(message, noForm) {
    $('#app').hidden = true;
    $('#nav').hidden = true;
    $('#login').hidden = false;
    $('#login-form').hidden = !!noForm;
    $('#login-error').textContent = message || '';
  }

  function showApp() {
    $('#login').hidden = true;
    $('#app').hidden = false;
    $('#nav').hidden = false;
  }

  // ---- small helpers ---------------------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('data-')) e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const c of children) {
      if (c === undefined || c === null) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function time(ms) {
    if (!ms) return '';
    const d = new Date(ms);
    const p = (n, w) => String(n).padStart(w || 2, '0');
    // the date only when it is not today's
    const day = d.toDateString() === new Date().toDateString() ? ''
      : d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ';
    return day + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds()) + '.' + p(d.getMilliseconds(), 3);
  }

  function ids(map) {
    return Object.entries(map || {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => k + '=' + v).join(', ');
  }

  function stateBadge(state) {
    return el('span', { class: 'state state-' + state }, state);
  }

  function badge(openDeadLetters) {
    $('#dead-count').textContent = openDeadLetters ? String(openDeadLetters) : '';
  }

  function setStatus(text) {
    $('#status').textContent = text;
  }

  // ---- live flow -------------------------------------------------------------------------------------------

  function targetLine(t) {
    const line = el('span', { class: 'target', 'data-target': t.target, 'data-state': t.state },
      el('b', {}, t.target), ' ', stateBadge(t.state));
    const receipts = (t.receipts || []).map((r) => ids(r.ids)).filter((s) => s).join('; ');
    if (t.state === 'delivered' && receipts) line.append(' ', el('span', { class: 'mono ids' }, receipts));
    if (t.state === 'retrying') {
      line.append(' attempt ' + t.attempts + (t.nextTryAt ? ', next try ' + time(t.nextTryAt) : ''));
    }
    if (t.reason && t.state !== 'delivered') {
      line.append(' ', el('span', { class: 'reason' }, '(' + t.category
        + (t.vendorCode !== undefined ? ' ' + t.vendorCode : '') + ') ' + t.reason));
    }
    return line;
  }

  /** A group message names no recipient: its conversation ("group:support", "channel:12") says where it went. */
  function groupOf(conversation) {
    return conversation && !conversation.startsWith('direct') ? conversation : '';
  }

  async function refreshFlow() {
    const withText = $('#show-text').checked;
    const { body } = await api('/admin/flow?limit=50&text=' + withText);
    const tbody = $('#flow-table tbody');
    const rows = body.messages.map((m) => {
      const elements = el('td', {}, (m.kinds || []).join(', '));
      if (withText && m.text) elements.append(el('div', { class: 'text' }, m.text));
      return el('tr', { 'data-id': m.id },
        el('td', { class: 'mono' }, time(m.receivedAt)),
        el('td', {}, el('b', {}, m.source), ' ', m.sender || ''),
        el('td', {}, (m.recipients || []).join(', ') || groupOf(m.conversation)),
        elements,
        el('td', {}, ...(m.targets.length ? m.targets.map(targetLine) : [el('span', { class: 'muted' }, 'none')])));
    });
    tbody.replaceChildren(...rows);
    $('#flow-empty').hidden = rows.length > 0;
    badge(body.openDeadLetters);
    setStatus('updated ' + time(body.now));
  }

  // ---- targets ---------------------------------------------------------------------------------------------

  function chartFor(card, name, stats) {
    const n = stats.delivered.length;
    const xs = [];
    for (let i = 0; i < n; i++) xs.push((stats.lastBucketStart - (n - 1 - i) * stats.bucketSeconds * 1000) / 1000);
    const data = [xs, stats.delivered, stats.failed];
    let chart = charts[name];
    if (chart && chart.root.isConnected) {
      chart.setData(data);
      return;
    }
    const holder = card.querySelector('.chart');
    holder.replaceChildren();
    if (typeof uPlot === 'undefined') return;
    charts[name] = new uPlot({
      width: 300, height: 110, legend: { show: false },
      series: [{}, { label: 'delivered', stroke: '#1a7f37', width: 1.5 },
        { label: 'failed', stroke: '#cf222e', width: 1.5 }],
      axes: [{ space: 60 }, { size: 40 }],
      scales: { y: { range: (u, min, max) => [0, Math.max(5, max)] } }
    }, data, holder);
  }

  async function refreshTargets() {
    const { body } = await api('/admin/targets');
    const box = $('#targets');
    for (const t of body.targets) {
      let card = box.querySelector('.card[data-target="' + t.target + '"]');
      if (!card) {
        card = el('div', { class: 'card', 'data-target': t.target }, el('h3', {}, t.target),
          el('div', { class: 'chart' }), el('dl', {}));
        box.append(card);
      }
      const s = t.stats;
      const lastMinute = s.delivered.slice(-6).reduce((a, b) => a + b, 0);
      const rows = [
        ['routed from', t.routedFrom.length ? t.routedFrom.join(', ') : 'no source'],
        ['delivered, last minute', String(lastMinute)],
        ['p99 (last minute)', s.p99Ms === null || s.p99Ms === undefined ? '–'
          : '≈ ' + Math.round(s.p99Ms) + ' ms of ' + lastMinute],
        ['queue depth', String(t.queueDepth)],
        ['calls/s limit', t.callsPerSecondLimit ? String(t.callsPerSecondLimit) : 'none'],
        ['throttled', t.throttled ? 'yes: ' + t.throttledCalls + ' calls waited for its limit in the last 10–20 s'
          + ' (longest ' + t.longestThrottleWaitMs + ' ms)' : 'no'],
        ['rate-limit pause', t.pausedUntil ? 'until ' + time(t.pausedUntil) : 'no'],
        ['errors', Object.keys(s.errors).length
          ? Object.entries(s.errors).map(([k, v]) => k + ' ' + v).join(', ') : 'none']
      ];
      card.querySelector('dl').replaceChildren(...rows.flatMap(([k, v]) => [
        el('dt', {}, k),
        el('dd', { 'data-field': k, class: (k === 'throttled' && t.throttled) || (k === 'rate-limit pause' && t.pausedUntil)
          ? 'flag-on' : '' }, v)]));
      chartFor(card, t.target, s);
    }
    badge(body.openDeadLetters);
    setStatus('updated ' + time(body.now));
  }

  // ---- find a message --------------------------------------------------------------------------------------

  function journeyItem(e) {
    const parts = [el('span', { class: 'mono' }, time(e.at)), ' ', el('b', {}, e.event)];
    if (e.target) parts.push(' → ' + e.target);
    if (e.source) parts.push(' from ' + e.source);
    if (e.operator) parts.push(' by ' + e.operator);
    if (e.attempt !== undefined) parts.push(', attempt ' + e.attempt);
    else if (e.attempts !== undefined) parts.push(', ' + e.attempts + (e.attempts === 1 ? ' try' : ' tries'));
    if (e.ids && Object.keys(e.ids).length) parts.push(' ', el('span', { class: 'mono' }, ids(e.ids)));
    (e.receipts || []).forEach((r) => { if (Object.keys(r.ids).length) parts.push(' ', el('span', { class: 'mono' }, ids(r.ids))); });
    if (e.category) parts.push(' (' + e.category + (e.vendorCode !== undefined ? ' ' + e.vendorCode : '') + ')');
    if (e.reason) parts.push(' ' + e.reason);
    if (e.nextTryAt) parts.push(', next try ' + time(e.nextTryAt));
    return el('li', { class: 'ev-' + e.event.replace(/\s+/g, '-') }, ...parts);
  }

  function messageView(record) {
    const m = record.message || {};
    const texts = (m.elements || []).filter((x) => x.type === 'text' || x.text).map((x) => x.text).join('\n');
    const kinds = (m.elements || []).map((x) => x.type || x.kind).join(', ');
    const textBox = el('div', { class: 'text', hidden: true }, texts);
    const toggle = el('button', { type: 'button', class: 'show-text' }, 'show text');
    toggle.addEventListener('click', () => { textBox.hidden = !textBox.hidden; toggle.textContent = textBox.hidden ? 'show text' : 'hide text'; });
    return el('div', { class: 'card message', 'data-id': record.id },
      el('h3', {}, record.id),
      el('dl', {},
        el('dt', {}, 'from'), el('dd', {}, (m.source ? m.source.vendor : '') + ' ' + (m.sender || '')),
        el('dt', {}, 'to'), el('dd', {}, (m.recipients || []).join(', ')
          || groupOf(m.conversation ? m.conversation.kind.toLowerCase() + ':' + m.conversation.id : '')),
        el('dt', {}, 'elements'), el('dd', {}, kinds),
        el('dt', {}, 'ids'), el('dd', { class: 'mono' }, (record.ids || []).map((i) => i.vendor + ' ' + i.name + '=' + i.value).join('; '))),
      toggle, textBox,
      el('h3', {}, 'Journey'),
      el('ol', { class: 'journey' }, ...(record.journey || []).map(journeyItem)));
  }

  async function find(id) {
    $('#find-error').textContent = '';
    $('#find-result').replaceChildren();
    const { status, body } = await api('/admin/messages/' + encodeURIComponent(id));
    if (status !== 200) {
      $('#find-error').textContent = body && body.error ? body.error : 'not found';
      return;
    }
    const records = body.matches || [body];
    $('#find-result').replaceChildren(...records.map(messageView));
  }

  // ---- dead letters ----------------------------------------------------------------------------------------

  async function refreshDead() {
    const { body } = await api('/admin/dead-letters?messages=false');
    const open = body.filter((d) => d.status === 'dead');
    badge(open.length);
    const rows = body.slice().reverse().map((d) => {
      const button = el('button', { type: 'button', class: 'redrive', disabled: d.status !== 'dead' }, 'Re-drive');
      button.addEventListener('click', () => redrive([d.id]));
      return el('tr', { 'data-letter': d.id, 'data-status': d.status },
        el('td', {}, d.id), el('td', { class: 'mono' }, time(d.at)),
        el('td', { class: 'mono' }, d.messageId), el('td', {}, d.target), el('td', {}, d.category),
        el('td', {}, d.vendorCode === undefined ? '' : d.vendorCode), el('td', {}, d.attempts),
        el('td', {}, d.reason), el('td', {}, d.status), el('td', {}, button));
    });
    $('#dead-table tbody').replaceChildren(...rows);
    $('#dead-empty').hidden = rows.length > 0;
    $('#redrive-all').disabled = open.length === 0;
  }

  async function redrive(letterIds) {
    let queued = 0;
    const refused = [];
    for (const id of letterIds) {
      const { status, body } = await api('/admin/dead-letters/' + id + '/retry', { method: 'POST' });
      if (status === 202) queued++;
      else refused.push(id + ': ' + (body && body.error ? body.error : status));
    }
    $('#dead-status').textContent = 're-driven: ' + queued + (refused.length ? '; refused ' + refused.join(', ') : '');
    await refreshDead();
  }

  // ---- try it ----------------------------------------------------------------------------------------------

  async function sendTry(ev) {
    ev.preventDefault();
    $('#try-reply').textContent = 'sending…';
    const form = {
      dialect: $('#try-dialect').value, from: $('#try-from').value, to: $('#try-to').value, text: $('#try-text').value
    };
    const { body } = await api('/admin/try', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(form)
    });
    $('#try-reply').textContent = body && body.dialect
      ? body.dialect + ' answered HTTP ' + body.status + ':\n' + JSON.stringify(body.reply, null, 2)
      : JSON.stringify(body, null, 2);
    await refreshInboxes();
  }

  async function refreshInboxes() {
    const box = $('#inboxes');
    for (const vendor of SANDBOXES) {
      const { status, body } = await api('/sandbox/' + vendor + '/_received');
      let card = box.querySelector('.inbox[data-vendor="' + vendor + '"]');
      if (!card) {
        card = el('div', { class: 'card inbox', 'data-vendor': vendor, id: 'inbox-' + vendor },
          el('h3', {}, vendor + ' sandbox'), el('div', { class: 'entries' }));
        box.append(card);
      }
      const entries = status === 200 && Array.isArray(body) ? body.slice(-5).reverse() : [];
      card.querySelector('.entries').replaceChildren(...(entries.length ? entries.map((e) =>
        el('div', { class: 'entry', 'data-seq': e.seq },
          el('span', { class: 'mono' }, time(e.receivedAt)),
          el('pre', {}, JSON.stringify(e.request, null, 1)))) : [el('p', { class: 'muted' }, 'nothing received')]));
    }
  }

  // ---- views and the loop ----------------------------------------------------------------------------------

  const refreshers = { flow: refreshFlow, targets: refreshTargets, dead: refreshDead, try: refreshInboxes };
  const periods = { flow: 1000, targets: 2000, dead: 3000, try: 2000 };
  let timer = null;

  function show(name) {
    view = name;
    document.querySelectorAll('#nav button').forEach((b) => b.classList.toggle('active', b.dataset.view === name));
    document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== 'view-' + name; });
    schedule(0);
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
  }

  async function tick() {
    const refresh = refreshers[view];
    try {
      if (refresh && !(view === 'flow' && !$('#flow-live').checked)) await refresh();
    } catch (e) {
      if (e instanceof Refused) return;
      setStatus('bridge unreachable: ' + e.message);
    }
    schedule(periods[view] || 2000);
  }

  async function start() {
    try {
      const { body } = await api('/admin/targets');
      sandboxes = body.sandboxes;
      badge(body.openDeadLetters);
      $('#nav-try').hidden = !sandboxes;
      showApp();
      show(view);
    } catch (e) {
      if (!(e instanceof Refused)) setStatus('bridge unreachable: ' + e.message);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('#login-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('#token').value);
      $('#token').value = '';
      start();
    });
    document.querySelectorAll('#nav button').forEach((b) => b.addEventListener('click', () => show(b.dataset.view)));
    $('#show-text').addEventListener('change', () => schedule(0));
    $('#find-form').addEventListener('submit', (ev) => { ev.preventDefault(); find($('#find-id').value.trim()).catch(() => {}); });
    $('#redrive-all').addEventListener('click', async () => {
      const { body } = await api('/admin/dead-letters?messages=false');
      await redrive(body.filter((d) => d.status === 'dead').map((d) => d.id));
    });
    $('#try-form').addEventListener('submit', (ev) => sendTry(ev).catch((e) => { $('#try-reply').textContent = e.message; }));
    start();
  });
})();
