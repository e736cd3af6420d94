/*! casus widget — search box with instant results from a casus service.
 *
 * <script src="https://casus.example/widget.js" async></script>
 * <div data-casus-search></div>
 *
 * Attributes of the div: data-api (origin of the casus service; default: where
 * this script came from), data-theme and data-municipality (filters sent with
 * every search; comma-separated for more than one), data-size (results shown,
 * 1–10, default 5), data-placeholder, data-label (the field's label),
 * data-link="casus" (results open casus's page of the case, not the site that
 * published it). Plain ES2017, no dependencies; it draws in a shadow root, so the page's styles and
 * its own do not mix. */
(() => {
  'use strict';
  const doc = document;
  // The script's own tag; when a loader hides it (no currentScript), the
  // last tag loading a widget.js.
  const current = doc.currentScript || [...doc.querySelectorAll('script[src*="widget.js"]')].pop();
  const scriptOrigin = (() => {
    try {
      return new URL(current.src, location.href).origin;
    } catch (e) {
      return location.origin;
    }
  })();
  const DEBOUNCE_MS = 200;
  const MIN_CHARS = 2;

  const CSS = `
:host{all:initial;display:block;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b}
*{box-sizing:border-box}
[hidden]{display:none!important}
form{position:relative;margin:0}
label{display:block;font-weight:600;margin:0 0 .35em}
.row{display:flex;gap:.5em}
input{flex:1;min-width:0;margin:0;padding:.5em .6em;font:inherit;color:#1b1b1b;background:#fff;border:2px solid #595959;border-radius:4px}
input::placeholder{color:#666}
button{margin:0;padding:.5em 1em;font:inherit;font-weight:600;color:#fff;background:#1d4f91;border:2px solid #1d4f91;border-radius:4px;cursor:pointer}
input:focus,button:focus-visible,a:focus-visible{outline:3px solid #1d4f91;outline-offset:2px}
.panel{position:absolute;z-index:2147483000;top:100%;left:0;right:0;margin-top:4px;max-height:70vh;overflow:auto;background:#fff;border:1px solid #8a8a8a;border-radius:4px;box-shadow:0 6px 18px rgba(0,0,0,.18);text-align:left}
ul{list-style:none;margin:0;padding:0}
li{display:block;margin:0;padding:.6em .8em;border-bottom:1px solid #e2e2e2;color:#1b1b1b;cursor:pointer}
li:hover{background:#f2f6fb}
li[aria-selected=true]{background:#e6eefa;outline:3px solid #1d4f91;outline-offset:-3px}
.t{display:block;font-weight:600;color:#1d4f91;text-decoration:underline}
.m{display:block;font-size:.85em;color:#545454}
.s{display:block;font-size:.9em;margin-top:.2em}
mark{background:#fff0a8;color:inherit;padding:0}
.msg{margin:0;padding:.6em .8em}
.err{color:#a31111}
.all{display:block;padding:.6em .8em;color:#1d4f91;font-weight:600}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

  // el makes an element: attributes (text: its text), then children.
  const el = (tag, attrs, ...kids) => {
    const e = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    e.append(...kids);
    return e;
  };

  // marked turns highlighted HTML from the API into DOM nodes: text and
  // <mark> only. It is parsed in an inert document (no scripts run, nothing
  // loads) and copied node by node; every other element gives only its text.
  const marked = (html) => {
    const out = doc.createDocumentFragment();
    const copy = (from, to) => {
      for (const n of from.childNodes) {
        if (n.nodeType === 3) {
          to.append(n.data);
        } else if (n.nodeType === 1 && !/^(script|style|template|noscript)$/.test(n.localName)) {
          if (n.localName === 'mark') to.append(copy(n, doc.createElement('mark')));
          else copy(n, to);
        }
      }
      return to;
    };
    copy(new DOMParser().parseFromString(`<body>${html || ''}`, 'text/html').body, out);
    return out;
  };

  const list = (v) => (v || '').split(',').map((s) => s.trim()).filter(Boolean);

  const apiBase = (v) => {
    try {
      const u = new URL(v, location.href);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
    } catch (e) { /* fall through */ }
    return scriptOrigin;
  };

  // safeURL allows http(s) links only.
  const safeURL = (u) => {
    try {
      const p = new URL(u);
      if (p.protocol === 'http:' || p.protocol === 'https:') return p.href;
    } catch (e) { /* not a URL */ }
    return '';
  };

  const dutchDate = (d) => {
    if (!/^\d{4}-\d\d-\d\d$/.test(d || '')) return '';
    try {
      return new Date(`${d}T00:00:00Z`).toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    } catch (e) {
      return d;
    }
  };

  const failure = (status) => {
    if (status === 429) return 'Er wordt nu te vaak gezocht. Probeer het over een paar seconden opnieuw.';
    if (status === 503) return 'De zoekdienst is even niet beschikbaar. Probeer het later opnieuw.';
    if (status === 400) return 'Deze zoekopdracht kan niet worden uitgevoerd. Pas de zoekwoorden aan.';
    if (status) return 'Er ging iets mis bij het zoeken. Probeer het later opnieuw.';
    return 'De zoekdienst is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.';
  };

  let count = 0;

  const init = (host) => {
    if (host.casusSearch || !host.attachShadow) return;
    let shadow;
    try {
      shadow = host.attachShadow({ mode: 'open' });
    } catch (e) {
      return; // the element cannot host a shadow root or already has one
    }
    host.casusSearch = true;
    const d = host.dataset;
    const api = d.api ? apiBase(d.api) : scriptOrigin;
    const size = Math.min(10, Math.max(1, parseInt(d.size, 10) || 5));
    const filters = [...list(d.theme).map((v) => ['theme', v]), ...list(d.municipality).map((v) => ['municipality', v])];
    const id = `casus${++count}`;

    const input = el('input', {
      id: `${id}-q`, name: 'q', type: 'search', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
      'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': `${id}-list`,
      placeholder: d.placeholder || 'Bijvoorbeeld: wijkteam, jeugdzorg',
    });
    const listbox = el('ul', { id: `${id}-list`, role: 'listbox', 'aria-label': 'Praktijkvoorbeelden', hidden: true });
    const msg = el('p', { class: 'msg', hidden: true });
    const all = el('a', { class: 'all', hidden: true });
    const panel = el('div', { class: 'panel', hidden: true }, listbox, msg, all);
    const live = el('p', { class: 'sr', role: 'status' });
    // The landmark's name names the filters, so two boxes on a page differ.
    const label = d.label || 'Zoek in praktijkvoorbeelden uit het sociaal domein';
    const name = filters.length ? `${label} (${filters.map((f) => f[1]).join(', ')})` : label;
    const form = el('form', { role: 'search', 'aria-label': name, action: `${api}/`, method: 'get' },
      el('label', { for: input.id, text: label }),
      el('div', { class: 'row' }, input, el('button', { type: 'submit', text: 'Zoeken' })),
      ...filters.map(([k, v]) => el('input', { type: 'hidden', name: k, value: v })),
      panel, live);
    shadow.append(el('style', { text: CSS }), form);

    let hits = [];
    let active = -1;
    let timer = 0;
    let seq = 0;
    let ctrl = null;
    let shownFor = '';

    const focused = () => shadow.activeElement === input;

    const say = (text) => {
      // Emptied first, so the same words are announced again.
      live.textContent = '';
      setTimeout(() => { live.textContent = text; }, 50);
    };

    const select = (i) => {
      active = i;
      [...listbox.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
      if (i < 0) {
        input.removeAttribute('aria-activedescendant');
        return;
      }
      const li = listbox.children[i];
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    };

    const close = () => {
      panel.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      select(-1);
    };

    const open = () => {
      if (panel.hidden && (hits.length || !msg.hidden)) {
        panel.hidden = false;
        input.setAttribute('aria-expanded', String(hits.length > 0));
      }
    };

    // clicked tells casus which query a case was opened from, for its
    // editors' analytics (queries nobody opens a case for). The beacon
    // outlives the page and needs no CORS answer; a lost one only lowers a
    // count.
    const clicked = (hit) => {
      if (!hit.id || !shownFor || !navigator.sendBeacon) return;
      try {
        navigator.sendBeacon(`${api}/api/v1/click`, JSON.stringify({ query: shownFor, id: hit.id }));
      } catch (e) {
        // Nothing to do: the case still opens.
      }
    };

    const go = (i, newTab) => {
      const hit = hits[i] || {};
      const url = d.link === 'casus' && hit.id ? `${api}/cases/${encodeURIComponent(hit.id)}` : safeURL(hit.url);
      if (!url) return;
      clicked(hit);
      if (newTab) window.open(url, '_blank', 'noopener');
      else location.assign(url);
    };

    const pageURL = (q) => `${api}/?${new URLSearchParams([['q', q], ...filters])}`;

    const message = (text, error) => {
      hits = [];
      listbox.replaceChildren();
      listbox.hidden = true;
      all.hidden = true;
      msg.textContent = text;
      msg.className = error ? 'msg err' : 'msg';
      msg.hidden = false;
      panel.hidden = true;
      if (focused()) open();
      say(text);
    };

    const option = (hit, i) => {
      const munis = (hit.municipalities || []).map((m) => m.current_name || m.name).filter(Boolean);
      const meta = [hit.source_name, munis.slice(0, 3).join(', '), dutchDate(hit.date)].filter(Boolean).join(' · ');
      const li = el('li', { id: `${id}-o${i}`, role: 'option', 'aria-selected': 'false' },
        el('span', { class: 't', text: hit.title || hit.url }),
        el('span', { class: 'm', text: meta }),
        el('span', { class: 's' }, marked(hit.snippet_html)));
      li.addEventListener('mousedown', (e) => e.preventDefault()); // the input keeps the focus
      li.addEventListener('click', (e) => go(i, e.ctrlKey || e.metaKey));
      return li;
    };

    const show = (q, data) => {
      hits = Array.isArray(data.hits) ? data.hits : [];
      const total = Number(data.total) || 0;
      shownFor = q;
      if (!hits.length) {
        message(`Geen praktijkvoorbeelden gevonden voor ‘${q}’.`);
        return;
      }
      listbox.replaceChildren(...hits.map(option));
      listbox.hidden = false;
      msg.hidden = true;
      all.href = pageURL(q);
      all.textContent = total > hits.length ? `Alle ${total} resultaten` : 'Alle resultaten';
      all.hidden = false;
      active = -1;
      panel.hidden = true;
      if (focused()) open();
      say(`${hits.length} van ${total} ${total === 1 ? 'resultaat' : 'resultaten'}. Kies met pijl omlaag en Enter.`);
    };

    const search = async () => {
      const q = input.value.trim();
      if (ctrl) ctrl.abort();
      ctrl = null;
      const mine = ++seq;
      if (q.length < MIN_CHARS) {
        hits = [];
        shownFor = '';
        close();
        return;
      }
      if (q === shownFor && hits.length) {
        open();
        return;
      }
      const params = new URLSearchParams([['q', q], ['size', String(size)], ...filters]);
      ctrl = new AbortController();
      let data;
      try {
        const res = await fetch(`${api}/api/v1/search?${params}`, { signal: ctrl.signal, credentials: 'omit' });
        if (!res.ok) throw res.status;
        data = await res.json();
      } catch (e) {
        if (mine !== seq || (e && e.name === 'AbortError')) return;
        message(failure(typeof e === 'number' ? e : 0), true);
        return;
      }
      if (mine === seq) show(q, data);
    };

    input.addEventListener('input', () => {
      select(-1); // Enter now means the new words, not an old option
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE_MS);
    });
    input.addEventListener('focus', open);
    input.addEventListener('keydown', (e) => {
      const n = hits.length;
      switch (e.key) {
        case 'ArrowDown':
        case 'ArrowUp':
          if (!n) return;
          e.preventDefault();
          if (panel.hidden) {
            open();
            select(e.key === 'ArrowDown' ? 0 : n - 1);
          } else {
            select(e.key === 'ArrowDown' ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
          }
          break;
        case 'Enter':
          if (!panel.hidden && active >= 0) {
            e.preventDefault();
            go(active, e.ctrlKey || e.metaKey);
          }
          break; // otherwise the form opens the casus page with all results
        case 'Escape':
          if (!panel.hidden) {
            e.preventDefault();
            close();
          } else if (input.value) {
            e.preventDefault();
            input.value = '';
            hits = [];
            shownFor = '';
          }
          break;
        default:
      }
    });
    // Enter on an option opens the case, not the casus page as well (some
    // input paths send the key press even when keydown was cancelled).
    form.addEventListener('submit', (e) => {
      if (!panel.hidden && active >= 0) e.preventDefault();
    });
    form.addEventListener('focusout', (e) => {
      if (!e.relatedTarget || !shadow.contains(e.relatedTarget)) close();
    });
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && e.target !== input && !panel.hidden) {
        close();
        input.focus();
      }
    });
  };

  const scan = () => doc.querySelectorAll('[data-casus-search]').forEach(init);
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', scan);
  else scan();
  // For pages that add a widget later: window.casusSearch.scan().
  window.casusSearch = { scan };
})();
