/* DesignBot playground — vanilla JS client for the same-origin playground API.
 * Sections: config/state · dom helpers · api · markdown · cards · messages ·
 * render (keyed reconciliation) · thread pane · composer · user switcher · sse · boot.
 */
(function () {
  'use strict';

  // ───────────────────────── config / state ─────────────────────────
  const API = '/playground/api';
  const MESSAGES_URL = API + '/messages';
  const ACTIONS_URL = API + '/actions';
  const EVENTS_URL = API + '/events';
  const PAGE_SIZE = 50;
  const USER_KEY = 'designbot.playground.user';
  const QUICK_USERS = ['alice', 'bob', 'carol'];

  const state = {
    user: 'alice',
    messages: new Map(),   // key (String(id)) → message
    order: [],             // keys, oldest first
    liveTouched: new Map(), // key → time of the last live (SSE/local) change
    deletedAt: new Map(),   // key → time the message was deleted
    openThread: null,       // key of the open thread's root message
    loadSeq: 0,
    loaded: false,
    older: null,            // cursor of the page before the oldest loaded message (null: none)
    loadingOlder: false,
  };

  const $ = (sel) => document.querySelector(sel);
  const els = {
    channelList: $('#channel-messages'),
    channelEmpty: $('#channel-empty'),
    loadOlder: $('#load-older'),
    threadPane: $('#thread-pane'),
    threadList: $('#thread-messages'),
    threadClose: $('#thread-close'),
    userForm: $('#user-form'),
    userName: $('#user-name'),
    youAre: $('#you-are'),
    conn: $('#connection-status'),
  };

  // Per-pane caches for keyed rendering: key → { el, sig }.
  const channelCache = new Map();
  const threadCache = new Map();

  const keyOf = (id) => (id === null || id === undefined ? '' : String(id));
  const now = () => performance.now();

  // ───────────────────────── dom helpers ─────────────────────────
  /** Create an element. attrs: plain attributes, plus className/text/html(trusted)/on{Event}. */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'className') node.className = v;
        else if (k === 'text') node.textContent = v;
        else if (k === 'html') node.innerHTML = v; // only ever given escaped markdown output
        else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2).toLowerCase(), v);
        else node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  let toastTimer = null;
  /** Small transient notice for errors outside the composers (actions, edit, delete). */
  function toast(msg) {
    let t = document.querySelector('.toast');
    if (!t) {
      t = h('div', { className: 'toast', role: 'alert' });
      document.body.append(t);
    }
    t.textContent = msg;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => t.remove(), 5000);
  }

  // ───────────────────────── api ─────────────────────────
  /** JSON request; throws Error(reason) using the server's {"error": "..."} when present. */
  async function api(method, url, body) {
    const init = { method, cache: 'no-store', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(url, init);
    } catch (e) {
      throw new Error('Cannot reach the playground server.');
    }
    const raw = await res.text();
    let data = null;
    if (raw) {
      try { data = JSON.parse(raw); } catch (e) { data = null; }
    }
    if (!res.ok) {
      let reason = data && typeof data.error === 'string' && data.error;
      if (!reason) {
        reason = res.status === 413 ? 'Message is too large.'
          : res.status === 404 ? 'Not found.'
          : `Request failed (${res.status}${res.statusText ? ' ' + res.statusText : ''}).`;
      }
      const err = new Error(reason);
      err.status = res.status;
      throw err;
    }
    return data;
  }

  /** One page of history, oldest first: { messages, older }; `before` is the cursor of an earlier page (newest page without). */
  const apiList = (before) => api('GET', MESSAGES_URL + '?limit=' + PAGE_SIZE + '&user=' + encodeURIComponent(state.user) + (before ? '&before=' + encodeURIComponent(before) : ''));
  /** clientId makes a retried send the same message on the server, never a second one. */
  const apiPost = (text, threadId, clientId) => api('POST', MESSAGES_URL, { user: state.user, text, threadId: threadId ?? null, clientId });
  const apiEdit = (id, text) => api('PATCH', `${MESSAGES_URL}/${encodeURIComponent(id)}`, { user: state.user, text });
  const apiDelete = (id) => api('DELETE', `${MESSAGES_URL}/${encodeURIComponent(id)}`, { user: state.user });

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }
  const apiAction = (messageId, actionId, value) =>
    api('POST', ACTIONS_URL, { user: state.user, messageId, actionId, value: value ?? null });

  // ───────────────────────── markdown (safe subset) ─────────────────────────
  /** Allow http(s)/mailto and scheme-less relative URLs; reject javascript: etc. */
  function safeUrl(raw) {
    const u = String(raw).replace(/[\u0000-\u0020\u007f]/g, '');
    if (!u) return null;
    const scheme = u.match(/^([^/?#]*):/);
    if (scheme && !/^(https?|mailto)$/i.test(scheme[1])) return null;
    return u;
  }

  /**
   * Inline subset: `code`, [text](url), **bold**, _italic_.
   * Code spans and links become placeholder tokens first, then the rest is HTML-escaped
   * before bold/italic are applied, so user text can never inject markup.
   */
  function mdInline(input) {
    const tokens = [];
    const put = (html) => '\u0001' + (tokens.push(html) - 1) + '\u0002';
    let s = String(input ?? '').replace(/[\u0001\u0002]/g, '');

    s = s.replace(/`([^`\n]+)`/g, (_, code) => put('<code>' + escapeHtml(code) + '</code>'));
    s = s.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (m, text, url) => {
      const href = safeUrl(url);
      if (!href || /[\u0001\u0002]/.test(url)) return m;
      return put(`<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${emphasis(escapeHtml(text))}</a>`);
    });
    s = emphasis(escapeHtml(s));
    // Restore tokens (link text may itself contain code tokens).
    for (let i = 0; i < 3 && /\u0001\d+\u0002/.test(s); i++) {
      s = s.replace(/\u0001(\d+)\u0002/g, (_, n) => tokens[+n] ?? '');
    }
    return s;
  }

  /** Bold and italic on already-escaped text. */
  function emphasis(s) {
    return s
      .replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1<em>$2</em>');
  }

  /** Multi-line subset: line breaks, and "• " bullet lines. Returns escaped HTML. */
  function mdBlock(input) {
    const lines = String(input ?? '').replace(/\r\n?/g, '\n').split('\n');
    let out = '';
    let prevBullet = true; // no <br> before the first line
    for (const line of lines) {
      const bullet = /^\s*•\s/.test(line);
      if (bullet) {
        out += '<span class="md-bullet">• ' + mdInline(line.replace(/^\s*•\s+/, '')) + '</span>';
      } else {
        if (!prevBullet) out += '<br>';
        out += mdInline(line);
      }
      prevBullet = bullet;
    }
    return out;
  }

  // ───────────────────────── cards (the playground's card JSON, see PlaygroundCardWriter.cs) ─────────────────────────
  const blockRenderers = {
    unsupported: (b) => unknownBlock(b.text),

    header: (b) => h('h3', { className: 'block-header', text: b.text ?? '' }),

    text: (b) => h('div', { className: 'block-text', html: mdBlock(b.markdown ?? b.text ?? '') }),

    context: (b) => h('div', { className: 'block-context', html: mdBlock(b.text ?? b.markdown ?? '') }),

    fields: (b) => h('dl', { className: 'block-fields' },
      (b.fields || []).map((f) => h('div', { className: 'field' },
        h('dt', { className: 'field-label', text: f.label ?? '' }),
        h('dd', { className: 'field-value', html: mdInline(f.value ?? '') })))),

    progress: (b) => h('div', { className: 'block-progress', role: 'list', 'aria-label': 'Progress' },
      (b.items || []).map((it) => {
        const st = String(it.state ?? '').toLowerCase();
        const kind = st === 'done' ? 'done' : st === 'active' ? 'active' : 'notstarted';
        const icon = kind === 'done' ? '✓' : kind === 'active' ? '▶' : '○';
        const stateLabel = kind === 'done' ? 'done' : kind === 'active' ? 'in progress' : 'not started';
        const count = it.total !== undefined && it.total !== null ? `${it.done ?? 0}/${it.total}` : '';
        return h('span', {
          className: 'chip ' + kind, role: 'listitem',
          title: `${it.label ?? ''}: ${stateLabel}${count ? ' (' + count + ')' : ''}`,
        },
        h('span', { 'aria-hidden': 'true', text: icon }),
        h('span', { className: 'chip-label', text: it.label ?? '' }),
        count ? h('span', { className: 'chip-count', text: count }) : null,
        h('span', { className: 'visually-hidden', text: ', ' + stateLabel }));
      })),

    buttons: (b, msg) => h('div', { className: 'block-buttons', role: 'group', 'aria-label': 'Actions' },
      (b.buttons || []).map((btn) => {
        const style = String(btn.style ?? 'Default').toLowerCase();
        const button = h('button', {
          type: 'button',
          className: 'card-button' + (style === 'primary' ? ' primary' : style === 'danger' ? ' danger' : ''),
          'data-action-id': btn.actionId ?? '',
          'data-value': btn.value ?? '',
          text: btn.text ?? btn.actionId ?? 'Button',
        });
        button.addEventListener('click', () => pressButton(button, msg, btn));
        return button;
      })),

    table: (b) => h('div', { className: 'block-table-wrap' },
      h('table', { className: 'block-table' },
        (b.columns && b.columns.length)
          ? h('thead', null, h('tr', null, b.columns.map((c) => h('th', { scope: 'col', html: mdInline(c) }))))
          : null,
        h('tbody', null, (b.rows || []).map((row) =>
          h('tr', null, (Array.isArray(row) ? row : [row]).map((cell) => h('td', { html: mdInline(cell ?? '') }))))))),

    links: (b) => h('div', { className: 'block-links' },
      (b.links || []).map((l) => {
        const href = safeUrl(l.url ?? '');
        if (!href) return h('span', { text: l.text || l.url || '' });
        // A link to a thread of this channel (the digest's "Open the review card") opens it here, not in a new tab.
        const thread = threadOfLink(href);
        if (thread !== null) {
          return h('a', {
            href, className: 'thread-link', 'data-open-thread': thread, text: l.text || l.url,
            onClick: (e) => { e.preventDefault(); showThread(thread).catch((err) => toast('Could not open the thread: ' + err.message)); },
          });
        }
        return h('a', { href, target: '_blank', rel: 'noopener noreferrer', text: l.text || l.url });
      })),

    document: (b, msg, node) => {
      const name = b.fileName || 'attachment.txt';
      const type = b.mediaType || 'text/plain';
      const content = String(b.content ?? '');
      const url = URL.createObjectURL(new Blob([content], { type: type + ';charset=utf-8' }));
      (node._blobUrls || (node._blobUrls = [])).push(url);
      const ext = (name.split('.').pop() || 'file').slice(0, 4).toUpperCase();
      return h('div', { className: 'block-document', role: 'group', 'aria-label': 'Attachment ' + name },
        h('div', { className: 'doc-head' },
          h('span', { className: 'doc-icon', 'aria-hidden': 'true', text: ext }),
          h('span', null,
            h('div', { className: 'doc-name', text: name }),
            h('div', { className: 'doc-type', text: `${type} · ${formatSize(content.length)}` })),
          h('a', { className: 'doc-download', href: url, download: name, text: 'Download' })),
        h('details', {
          onToggle: (e) => { e.currentTarget.querySelector('summary').textContent = e.currentTarget.open ? 'Hide content' : 'Show content'; },
        },
          h('summary', { text: 'Show content' }),
          h('pre', { text: content })));
    },
  };

  function formatSize(n) {
    return n < 1024 ? `${n} chars` : `${(n / 1024).toFixed(1)} K chars`;
  }

  /** Render a card into a container; each block is isolated so one bad block never breaks the message. */
  function renderCard(card, msg, node) {
    const wrap = h('div', { className: 'card' });
    const blocks = Array.isArray(card.blocks) ? card.blocks : [];
    for (const b of blocks) {
      const type = String((b && b.type) || '').toLowerCase();
      const fn = blockRenderers[type];
      try {
        wrap.append(fn ? fn(b, msg, node) : unknownBlock(b && b.type));
      } catch (e) {
        console.error('Failed to render block', b, e);
        wrap.append(unknownBlock(b && b.type, true));
      }
    }
    if (!blocks.length) {
      wrap.append(h('div', { className: 'block-text', html: mdBlock(card.fallbackText ?? msg.text ?? '') }));
    }
    return wrap;
  }

  function unknownBlock(type, failed) {
    return h('div', { className: 'block-unknown', text: failed ? `Could not display a "${type}" block.` : `Unsupported block type "${type ?? '?'}".` });
  }

  /** Card button → POST /actions with the current user. */
  async function pressButton(button, msg, btn) {
    button.disabled = true;
    try {
      await apiAction(msg.id, btn.actionId, btn.value);
    } catch (e) {
      toast(e.message);
    } finally {
      if (button.isConnected) button.disabled = false;
    }
  }

  // ───────────────────────── messages ─────────────────────────
  function normalize(m) {
    const msg = Object.assign({}, m);
    msg.isBot = !!msg.isBot;
    msg.edited = !!msg.edited;
    msg.user = msg.user ?? (msg.isBot ? 'DesignBot' : 'unknown');
    msg.threadId = msg.threadId === undefined || msg.threadId === '' ? null : msg.threadId;
    msg.visibleTo = typeof msg.visibleTo === 'string' && msg.visibleTo !== '' ? msg.visibleTo : null;
    if (typeof msg.card === 'string') {
      try { msg.card = JSON.parse(msg.card); } catch (e) { msg.card = null; }
    }
    if (msg.card && typeof msg.card !== 'object') msg.card = null;
    return msg;
  }

  function formatTime(ts) {
    const d = new Date(ts);
    if (!ts || isNaN(d.getTime())) return ts ? String(ts) : '';
    const p = (n) => String(n).padStart(2, '0');
    return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }

  function avatarColor(name) {
    let hash = 0;
    for (const ch of String(name)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
    return `hsl(${hash % 360} 55% 45%)`;
  }

  /**
   * Build one message element.
   * opts.pane: 'channel' | 'thread'; opts.isRoot: the thread root copy shown in the thread pane
   * (it carries data-root-id rather than data-id so div.message[data-id] stays unique on the page).
   */
  function buildMessage(msg, opts) {
    const isOwn = !msg.isBot && msg.user === state.user;
    const attrs = {
      className: 'message ' + (msg.isBot ? 'bot' : 'user') + (opts.isRoot ? ' thread-root' : ''),
      'data-thread-id': msg.threadId === null ? '' : String(msg.threadId),
      'data-bot': msg.isBot ? 'true' : 'false',
      'data-user': msg.user,
    };
    attrs[opts.isRoot ? 'data-root-id' : 'data-id'] = String(msg.id);
    const node = h('div', attrs);

    const initial = (String(msg.user).trim()[0] || '?').toUpperCase();
    const avatar = h('div', { className: 'avatar', 'aria-hidden': 'true', text: initial });
    if (!msg.isBot) avatar.style.background = avatarColor(msg.user);

    const meta = h('div', { className: 'message-meta' },
      h('span', { className: 'author', text: msg.user }),
      msg.isBot ? h('span', { className: 'badge', text: 'APP' }) : null,
      h('time', { className: 'time', datetime: msg.ts || null, title: msg.ts || null, text: formatTime(msg.ts) }),
      msg.edited ? h('span', { className: 'edited', text: '(edited)' }) : null,
      msg.visibleTo ? h('span', { className: 'only-you', text: 'Only visible to you' }) : null);

    const content = h('div', { className: 'message-content' });
    fillContent(content, msg, node);

    if (isOwn) {
      meta.append(h('span', { className: 'message-actions' },
        h('button', { type: 'button', className: 'link-btn edit-btn', 'aria-label': 'Edit message', text: 'Edit', onClick: () => startEdit(node, content, msg) }),
        h('button', { type: 'button', className: 'link-btn danger delete-btn', 'aria-label': 'Delete message', text: 'Delete', onClick: () => deleteMessage(msg) })));
    }

    const body = h('div', { className: 'message-body' }, meta, content);

    if (opts.pane === 'channel') {
      const n = opts.replyCount || 0;
      const link = h('a', {
        className: 'open-thread' + (n ? '' : ' empty'),
        href: '#thread-' + encodeURIComponent(String(msg.id)),
        'data-thread-id': String(msg.id),
        text: n ? `${n} ${n === 1 ? 'reply' : 'replies'}` : 'Reply in thread',
      });
      link.addEventListener('click', (e) => { e.preventDefault(); openThread(keyOf(msg.id)); });
      body.append(h('div', { className: 'thread-link-row' }, link,
        n && opts.lastReplyTs ? h('span', { className: 'last-reply', text: 'Last reply ' + formatTime(opts.lastReplyTs) }) : null));
    }

    node.append(avatar, body);
    return node;
  }

  function fillContent(content, msg, node) {
    content.textContent = '';
    if (msg.card) content.append(renderCard(msg.card, msg, node));
    else content.append(h('div', { className: 'message-text', html: mdBlock(msg.text ?? '') }));
  }

  /** Inline editor: textarea + Save/Cancel → PATCH. Enter saves, Escape cancels. */
  function startEdit(node, content, msg) {
    if (node.classList.contains('editing')) return;
    node.classList.add('editing');
    const area = h('textarea', { 'aria-label': 'Edit message' });
    area.value = msg.text ?? '';
    const err = h('span', { className: 'edit-error', role: 'alert' });
    const save = h('button', { type: 'button', className: 'btn small primary', text: 'Save' });
    const cancel = h('button', { type: 'button', className: 'btn small', text: 'Cancel' });
    const box = h('div', { className: 'edit-box' }, area, h('div', { className: 'edit-buttons' }, save, cancel, err));
    content.textContent = '';
    content.append(box);

    const finish = () => {
      node.classList.remove('editing');
      node.dataset.stale = '1'; // force a rebuild from the latest data
      render();
    };
    const doSave = async () => {
      const text = area.value.trim();
      if (!text) { err.textContent = 'Message cannot be empty.'; return; }
      if (text === (msg.text ?? '')) { finish(); return; }
      save.disabled = cancel.disabled = area.disabled = true;
      try {
        const res = await apiEdit(msg.id, text);
        const updated = res && typeof res === 'object' && res.id !== undefined
          ? res : Object.assign({}, state.messages.get(keyOf(msg.id)) || msg, { text, edited: true });
        upsert(updated);
        finish();
      } catch (e) {
        err.textContent = e.message;
        save.disabled = cancel.disabled = area.disabled = false;
        area.focus();
      }
    };
    save.addEventListener('click', doSave);
    cancel.addEventListener('click', finish);
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); finish(); }
      else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); doSave(); }
    });
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }

  async function deleteMessage(msg) {
    if (!window.confirm('Delete this message?')) return;
    try {
      await apiDelete(msg.id);
      remove(msg.id);
    } catch (e) {
      toast(e.message);
    }
  }

  // ───────────────────────── state updates ─────────────────────────
  function upsert(m) {
    if (!m || m.id === undefined || m.id === null) return;
    const k = keyOf(m.id);
    if (state.deletedAt.has(k)) return; // a late update for a deleted message
    if (!state.messages.has(k)) state.order.push(k);
    state.messages.set(k, normalize(m));
    state.liveTouched.set(k, now());
    scheduleRender();
  }

  function remove(id) {
    const k = keyOf(id);
    state.deletedAt.set(k, now());
    if (state.messages.delete(k)) {
      state.order = state.order.filter((x) => x !== k);
      scheduleRender();
    }
  }

  /**
   * Fetch the newest page and merge it with anything that arrived live while the request was in flight.
   * Older pages loaded before are let go: the page shows the channel from here, and loads them again on scroll.
   */
  async function loadAll() {
    const seq = ++state.loadSeq;
    const started = now();
    const page = await apiList();
    const list = page && page.messages;
    if (seq !== state.loadSeq || !Array.isArray(list)) return;
    state.older = page.older ?? null;
    const map = new Map();
    const order = [];
    for (const raw of list) {
      const k = keyOf(raw.id);
      if ((state.deletedAt.get(k) ?? -1) > started || map.has(k)) continue;
      const live = (state.liveTouched.get(k) ?? -1) > started && state.messages.get(k);
      map.set(k, live || normalize(raw));
      order.push(k);
    }
    for (const k of state.order) {
      if (!map.has(k) && (state.liveTouched.get(k) ?? -1) > started && state.messages.has(k)) {
        map.set(k, state.messages.get(k));
        order.push(k);
      }
    }
    const first = !state.loaded;
    state.messages = map;
    state.order = order;
    state.loaded = true;
    render({ scrollChannel: first, scrollThread: first });
  }

  /** Fetch the page before the oldest loaded message and put it on top, keeping what the reader looks at in place. */
  async function loadOlder() {
    if (!state.older || state.loadingOlder) return;
    state.loadingOlder = true;
    const seq = state.loadSeq;
    try {
      const page = await apiList(state.older);
      if (seq !== state.loadSeq || !page || !Array.isArray(page.messages)) return;
      const keys = [];
      for (const raw of page.messages) {
        const k = keyOf(raw.id);
        if (state.messages.has(k) || state.deletedAt.has(k)) continue;
        state.messages.set(k, normalize(raw));
        keys.push(k);
      }
      state.order = keys.concat(state.order);
      state.older = page.older ?? null;
      const list = els.channelList;
      const fromBottom = list.scrollHeight - list.scrollTop;
      render();
      list.scrollTop = list.scrollHeight - fromBottom;
    } finally {
      state.loadingOlder = false;
    }
  }

  // ───────────────────────── render (keyed reconciliation) ─────────────────────────
  let renderQueued = false;
  const pendingScroll = { channel: false, thread: false };

  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    Promise.resolve().then(() => { renderQueued = false; render(); });
  }

  const nearBottom = (list) => list.scrollHeight - list.scrollTop - list.clientHeight < 120;

  /**
   * Make `container` show `items` in order, reusing cached elements whose signature is unchanged.
   * Elements being edited are left alone. Returns the number of newly added items.
   */
  function reconcile(container, cache, items) {
    const keep = new Set();
    let added = 0;
    let prev = null;
    for (const it of items) {
      keep.add(it.key);
      let entry = cache.get(it.key);
      if (!entry) {
        entry = { el: it.build(), sig: it.sig };
        cache.set(it.key, entry);
        if (it.counts) added++;
      } else if ((entry.sig !== it.sig || entry.el.dataset.stale) && !entry.el.classList.contains('editing')) {
        const fresh = it.build();
        cleanup(entry.el);
        entry.el.replaceWith(fresh);
        entry.el = fresh;
        entry.sig = it.sig;
      }
      const expected = prev ? prev.nextSibling : container.firstChild;
      if (entry.el !== expected) container.insertBefore(entry.el, expected);
      prev = entry.el;
    }
    for (const [k, entry] of cache) {
      if (!keep.has(k)) { cleanup(entry.el); entry.el.remove(); cache.delete(k); }
    }
    return added;
  }

  function cleanup(node) {
    (node._blobUrls || []).forEach((u) => URL.revokeObjectURL(u));
    node._blobUrls = null;
  }

  /** A message meant for one member (visibleTo) is shown to that member only, as a chat platform's ephemeral message. */
  function visible(m) {
    return m.visibleTo === null || m.visibleTo === state.user;
  }

  function render(opts) {
    opts = opts || {};
    // Reply counts and last reply time per root.
    const threads = new Map();
    for (const k of state.order) {
      const m = state.messages.get(k);
      if (m.threadId === null || !visible(m)) continue;
      const t = threads.get(keyOf(m.threadId)) || { count: 0, last: null };
      t.count++;
      t.last = m.ts;
      threads.set(keyOf(m.threadId), t);
    }
    renderChannel(threads, opts.scrollChannel);
    renderThread(threads, opts.scrollThread);
  }

  function renderChannel(threads, forceScroll) {
    const list = els.channelList;
    const stick = nearBottom(list);
    const items = [];
    for (const k of state.order) {
      const m = state.messages.get(k);
      if (m.threadId !== null || !visible(m)) continue;
      const t = threads.get(k) || { count: 0, last: null };
      items.push({
        key: k,
        counts: true,
        sig: JSON.stringify(m) + '|' + t.count + '|' + t.last + '|' + state.user,
        build: () => buildMessage(m, { pane: 'channel', replyCount: t.count, lastReplyTs: t.last }),
      });
    }
    const added = reconcile(list, channelCache, items);
    els.channelEmpty.hidden = items.length > 0 || !!state.older;
    els.loadOlder.hidden = !state.older;
    for (const [k, entry] of channelCache) entry.el.classList.toggle('selected', k === state.openThread);
    if (forceScroll || pendingScroll.channel || (added && stick)) {
      list.scrollTop = list.scrollHeight;
      if (added || forceScroll) pendingScroll.channel = false;
    }
  }

  function renderThread(threads, forceScroll) {
    const k = state.openThread;
    if (k === null) return;
    const root = state.messages.get(k);
    if (!root) {
      if (state.loaded) closeThread();
      return;
    }
    const list = els.threadList;
    const stick = nearBottom(list);
    const t = threads.get(k) || { count: 0 };
    const items = [{
      key: 'root:' + k,
      sig: JSON.stringify(root) + '|' + state.user,
      build: () => buildMessage(root, { pane: 'thread', isRoot: true }),
    }, {
      key: 'divider',
      sig: String(t.count),
      build: () => h('div', { className: 'thread-divider', text: t.count ? `${t.count} ${t.count === 1 ? 'reply' : 'replies'}` : 'No replies yet' }),
    }];
    for (const rk of state.order) {
      const m = state.messages.get(rk);
      if (m.threadId === null || keyOf(m.threadId) !== k || !visible(m)) continue;
      items.push({
        key: rk,
        counts: true,
        sig: JSON.stringify(m) + '|' + state.user,
        build: () => buildMessage(m, { pane: 'thread' }),
      });
    }
    const added = reconcile(list, threadCache, items);
    if (forceScroll || pendingScroll.thread || (added && stick)) {
      list.scrollTop = list.scrollHeight;
      if (added || forceScroll) pendingScroll.thread = false;
    }
  }

  // ───────────────────────── thread pane ─────────────────────────
  function openThread(k) {
    if (!state.messages.has(k)) return;
    const changed = state.openThread !== k;
    state.openThread = k;
    if (changed) {
      for (const entry of threadCache.values()) cleanup(entry.el);
      threadCache.clear();
      els.threadList.textContent = '';
      threadComposer.clearError();
    }
    const stick = nearBottom(els.channelList); // the channel pane narrows; keep it pinned
    els.threadPane.classList.add('open');
    els.threadPane.setAttribute('aria-hidden', 'false');
    render({ scrollThread: true, scrollChannel: stick });
    $('#thread-input').focus();
  }

  /** The thread key of a link to this page's `#thread-<id>` (as the bot's thread links are), else null. */
  function threadOfLink(href) {
    const m = String(href).match(/^\/?#thread-(.+)$/);
    if (!m) return null;
    try { return decodeURIComponent(m[1]); } catch (e) { return null; }
  }

  /**
   * Opens the thread of a link (and puts it in the address, so a reload shows it again). A root older than the loaded
   * pages is looked for in the pages before them.
   */
  async function showThread(k) {
    const hash = '#thread-' + encodeURIComponent(k);
    if (location.hash !== hash) history.replaceState(null, '', hash);
    for (let pages = 0; !state.messages.has(k) && state.older && pages < 100; pages++) {
      const before = state.older;
      await loadOlder();
      if (state.older === before) break; // another load is under way, or the page failed
    }
    if (state.messages.has(k)) openThread(k);
    else toast('That thread is not in this channel any more.');
  }

  window.addEventListener('hashchange', () => {
    const k = threadOfLink(location.hash);
    if (k !== null) showThread(k).catch((e) => toast('Could not open the thread: ' + e.message));
  });

  function closeThread() {
    const stick = nearBottom(els.channelList);
    state.openThread = null;
    if (threadOfLink(location.hash) !== null) history.replaceState(null, '', location.pathname + location.search);
    els.threadPane.classList.remove('open');
    els.threadPane.setAttribute('aria-hidden', 'true');
    for (const entry of threadCache.values()) cleanup(entry.el);
    threadCache.clear();
    els.threadList.textContent = '';
    for (const entry of channelCache.values()) entry.el.classList.remove('selected');
    if (stick) els.channelList.scrollTop = els.channelList.scrollHeight;
  }

  els.loadOlder.addEventListener('click', () => loadOlder().catch((e) => toast('Could not load older messages: ' + e.message)));
  els.channelList.addEventListener('scroll', () => {
    if (els.channelList.scrollTop < 40 && state.older) loadOlder().catch(() => {});
  });

  els.threadClose.addEventListener('click', () => { closeThread(); $('#channel-input').focus(); });
  els.threadPane.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !e.defaultPrevented && !(e.target.closest && e.target.closest('.edit-box'))) {
      closeThread();
      $('#channel-input').focus();
    }
  });

  // ───────────────────────── composer ─────────────────────────
  /** Wire a composer: Enter sends, Shift+Enter newline, disabled while sending, error shown inline. */
  function setupComposer({ form, input, send, error, threadId, pane }) {
    let sending = false;
    let pendingClientId = null;
    let pendingText = null;
    const showError = (msg) => { error.textContent = msg; error.hidden = false; };
    const clearError = () => { error.textContent = ''; error.hidden = true; };
    const autosize = () => {
      input.style.height = 'auto';
      input.style.height = Math.min(input.scrollHeight + 2, 180) + 'px';
    };

    input.addEventListener('input', () => { autosize(); if (!error.hidden) clearError(); });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        submit();
      }
    });
    form.addEventListener('submit', (e) => { e.preventDefault(); submit(); });

    async function submit() {
      if (sending) return;
      const text = input.value.trim();
      if (!text) return;
      const tid = threadId();
      if (tid === undefined) return;
      // One id per message typed: a send retried after a failure cannot post it twice.
      if (!pendingClientId || pendingText !== text) { pendingClientId = newClientId(); pendingText = text; }
      sending = true;
      input.disabled = send.disabled = true;
      clearError();
      try {
        const res = await apiPost(text, tid, pendingClientId);
        pendingClientId = null;
        input.value = '';
        autosize();
        pendingScroll[pane] = true;
        // If the live stream missed it (e.g. disconnected), fall back to a full reload.
        if (res && res.id !== undefined) {
          setTimeout(() => {
            const k = keyOf(res.id);
            if (!state.messages.has(k) && !state.deletedAt.has(k)) loadAll().catch(() => {});
          }, 1500);
        }
      } catch (e) {
        showError(e.message);
      } finally {
        sending = false;
        input.disabled = send.disabled = false;
        input.focus();
      }
    }
    return { clearError };
  }

  setupComposer({
    form: $('#channel-form'), input: $('#channel-input'), send: $('#channel-send'), error: $('#channel-error'),
    threadId: () => null, pane: 'channel',
  });
  const threadComposer = setupComposer({
    form: $('#thread-form'), input: $('#thread-input'), send: $('#thread-send'), error: $('#thread-error'),
    threadId: () => {
      const root = state.openThread !== null && state.messages.get(state.openThread);
      return root ? root.id : undefined;
    },
    pane: 'thread',
  });

  // ───────────────────────── user switcher ─────────────────────────
  function setUser(name, persist) {
    const clean = String(name ?? '').trim().slice(0, 40);
    if (!clean) return;
    const changed = clean !== state.user;
    state.user = clean;
    els.youAre.textContent = '';
    els.youAre.append('You are ', h('strong', { text: clean }));
    if (els.userName.value.trim() !== clean) els.userName.value = clean;
    document.querySelectorAll('.user-pick').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.user === clean)));
    if (persist) {
      try { localStorage.setItem(USER_KEY, clean); } catch (e) { /* storage unavailable */ }
    }
    if (changed) {
      render(); // own-message Edit/Delete actions and messages meant for one member depend on the user
      if (state.loaded) loadAll().catch(() => {}); // the new user's own messages from before
      if (source) connectEvents(); // the live feed, as the new user sees the channel
    }
  }

  document.querySelectorAll('.user-pick').forEach((b) =>
    b.addEventListener('click', () => setUser(b.dataset.user, true)));
  els.userName.addEventListener('input', () => { if (els.userName.value.trim()) setUser(els.userName.value, true); });
  els.userName.addEventListener('change', () => {
    if (els.userName.value.trim()) setUser(els.userName.value, true);
    else els.userName.value = state.user;
  });
  els.userForm.addEventListener('submit', (e) => { e.preventDefault(); els.userName.dispatchEvent(new Event('change')); });

  // ───────────────────────── sse ─────────────────────────
  let source = null;
  let retryDelay = 1000;
  let retryTimer = null;

  function setConn(kind, text) {
    els.conn.className = 'conn ' + kind;
    els.conn.textContent = text;
  }

  function parseEvent(e) {
    try { return JSON.parse(e.data); } catch (err) { return null; }
  }

  function onMessageEvent(e) {
    const m = parseEvent(e);
    if (m && typeof m === 'object' && !Array.isArray(m)) upsert(m);
  }

  /** Open the event stream; on error close it, re-fetch the full list and reconnect with backoff. */
  function connectEvents() {
    clearTimeout(retryTimer);
    if (source) source.close();
    if (typeof EventSource === 'undefined') { setConn('offline', 'Live updates unavailable'); return; }
    // The stream is the channel as this member sees it: messages meant for another member alone are not sent here.
    source = new EventSource(EVENTS_URL + '?user=' + encodeURIComponent(state.user));
    source.onopen = () => {
      retryDelay = 1000;
      setConn('online', 'Live');
      loadAll().catch((e) => console.warn('Reload failed', e));
    };
    source.onmessage = onMessageEvent;
    ['created', 'updated', 'changed', 'message'].forEach((name) => source.addEventListener(name, onMessageEvent));
    source.addEventListener('deleted', (e) => {
      const d = parseEvent(e);
      if (d && d.id !== undefined) remove(d.id);
    });
    source.onerror = () => {
      if (source) source.close();
      source = null;
      setConn('offline', 'Reconnecting…');
      loadAll().catch(() => {});
      retryTimer = setTimeout(connectEvents, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15000);
    };
  }

  // ───────────────────────── boot ─────────────────────────
  (function boot() {
    let saved = null;
    try { saved = localStorage.getItem(USER_KEY); } catch (e) { /* ignore */ }
    state.user = '';
    setUser(saved || QUICK_USERS[0], false);
    // Opened at a thread's address (a thread link followed from elsewhere): show that thread once the channel is in.
    const linked = threadOfLink(location.hash);
    loadAll()
      .then(() => (linked !== null ? showThread(linked) : undefined))
      .catch((e) => toast('Could not load messages: ' + e.message));
    connectEvents();
    $('#channel-input').focus();
  })();
})();
