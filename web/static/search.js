// casus search page: progressive enhancement, no dependencies, no build
// step, no requests to other hosts. The page works without it.
//
//  - Suggestions while typing in every search box marked data-suggest: the
//    WAI-ARIA 1.2 combobox pattern (listbox popup, aria-activedescendant),
//    from /api/v1/suggest, debounced; a polite live region says how many.
//  - Filters apply when ticked (the "Toepassen" button hides): the page
//    HTML of the new URL is fetched and its results and filters region
//    swapped in, the URL pushed to the history (back and forward restore
//    it), focus stays on the filter that was used.
//  - A text filter over long facets (the municipalities), and the filters
//    folded behind their "Filters" toggle on phones.
(function () {
  'use strict';

  document.documentElement.classList.add('js');

  var phone = window.matchMedia ? window.matchMedia('(max-width: 40em)') : { matches: false };

  // A polite live region, created once, for short announcements.
  function liveRegion(id) {
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement('div');
      el.id = id;
      el.className = 'visually-hidden';
      el.setAttribute('role', 'status');
      el.setAttribute('aria-live', 'polite');
      document.body.appendChild(el);
    }
    return el;
  }

  function announce(id, text) {
    var el = liveRegion(id);
    // Clear first, so the same text is announced again.
    el.textContent = '';
    window.setTimeout(function () { el.textContent = text; }, 50);
  }

  // ---- Suggestions (combobox) ----------------------------------------

  var kindLabels = { term: 'zoekterm', theme: 'thema', municipality: 'gemeente', document: 'case' };

  function combobox(input) {
    var form = input.form;
    if (!form) { return; }
    var listId = input.id + '-suggesties';
    var list = document.createElement('ul');
    list.id = listId;
    list.className = 'suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Suggesties');
    list.hidden = true;
    input.insertAdjacentElement('afterend', list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);
    input.setAttribute('autocomplete', 'off');

    var items = [];
    var active = -1;
    var timer = 0;
    var seq = 0;
    var controller = null;

    function open() {
      if (!items.length) { return; }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    }
    function setActive(i) {
      active = i;
      var opts = list.children;
      for (var j = 0; j < opts.length; j++) {
        opts[j].setAttribute('aria-selected', j === i ? 'true' : 'false');
      }
      if (i >= 0 && opts[i]) {
        input.setAttribute('aria-activedescendant', opts[i].id);
        opts[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }
    function render(suggestions) {
      items = suggestions;
      list.textContent = '';
      suggestions.forEach(function (s, i) {
        var li = document.createElement('li');
        li.id = listId + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        var text = document.createElement('span');
        text.textContent = s.text;
        li.appendChild(text);
        if (s.kind !== 'term' && kindLabels[s.kind]) {
          var kind = document.createElement('span');
          kind.className = 'kind';
          kind.textContent = kindLabels[s.kind];
          li.appendChild(kind);
        }
        li.addEventListener('mousedown', function (e) { e.preventDefault(); });
        li.addEventListener('click', function () { pick(i); });
        list.appendChild(li);
      });
      active = -1;
      input.removeAttribute('aria-activedescendant');
      if (suggestions.length) {
        open();
        announce('suggesties-status', suggestions.length === 1 ? '1 suggestie' : suggestions.length + ' suggesties');
      } else {
        close();
        announce('suggesties-status', 'Geen suggesties');
      }
    }
    function fetchSuggestions() {
      var text = input.value.trim();
      if (controller) { controller.abort(); }
      if (text.length < 2) { items = []; list.textContent = ''; close(); return; }
      var mine = ++seq;
      controller = window.AbortController ? new AbortController() : null;
      fetch('/api/v1/suggest?size=8&q=' + encodeURIComponent(text), {
        headers: { Accept: 'application/json' },
        signal: controller ? controller.signal : undefined
      }).then(function (r) {
        if (!r.ok) { throw new Error('status ' + r.status); }
        return r.json();
      }).then(function (body) {
        if (mine !== seq || document.activeElement !== input) { return; }
        render((body && body.suggestions) || []);
      }).catch(function () { /* no suggestions: the form still works */ });
    }
    // pick follows suggestion i: words search, a theme or municipality
    // becomes a filter, a case opens its page.
    function pick(i) {
      var s = items[i];
      if (!s) { return; }
      close();
      if (s.kind === 'document' && s.id) {
        window.location.href = '/cases/' + encodeURIComponent(s.id);
        return;
      }
      if ((s.kind === 'theme' || s.kind === 'municipality') && s.value) {
        var params = new URLSearchParams(new FormData(form));
        params.delete('q');
        params.delete('page');
        if (params.getAll(s.kind).indexOf(s.value) < 0) { params.append(s.kind, s.value); }
        input.value = '';
        go('/?' + params.toString());
        return;
      }
      input.value = s.text;
      submit();
    }
    function submit() {
      var params = new URLSearchParams(new FormData(form));
      if (!params.get('q')) { params.delete('q'); }
      go((form.getAttribute('action') || '/') + '?' + params.toString());
    }
    // go shows url: without a reload on the search page, else by loading it.
    function go(url) {
      if (document.getElementById('zoekregio')) {
        navigate(url, { push: true, focus: 'resultaten' });
      } else {
        window.location.href = url;
      }
    }

    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 200);
    });
    input.addEventListener('keydown', function (e) {
      var n = items.length;
      switch (e.key) {
        case 'ArrowDown':
          if (!n) { return; }
          e.preventDefault();
          if (list.hidden) { open(); setActive(e.altKey ? -1 : 0); return; }
          setActive(active + 1 >= n ? 0 : active + 1);
          break;
        case 'ArrowUp':
          if (!n) { return; }
          e.preventDefault();
          if (list.hidden) { open(); setActive(n - 1); return; }
          setActive(active <= 0 ? n - 1 : active - 1);
          break;
        case 'Enter':
          if (!list.hidden && active >= 0) {
            e.preventDefault();
            pick(active);
          }
          break;
        case 'Escape':
          if (!list.hidden) {
            e.preventDefault();
            close();
          }
          break;
        case 'Tab':
          close();
          break;
      }
    });
    input.addEventListener('blur', function () { window.setTimeout(close, 100); });
    form.addEventListener('submit', function (e) {
      if (document.getElementById('zoekregio')) {
        e.preventDefault();
        close();
        submit();
      }
    });
  }

  // ---- Filters without a reload --------------------------------------

  var busy = null;

  // navigate fetches the page at url and swaps its region into this one.
  // opts.push adds a history entry; opts.focus is the id to focus after.
  function navigate(url, opts) {
    var region = document.getElementById('zoekregio');
    if (!region || !window.fetch || !window.DOMParser) { window.location.href = url; return; }
    if (busy) { busy.abort(); }
    busy = window.AbortController ? new AbortController() : null;
    var main = document.getElementById('inhoud');
    main.setAttribute('aria-busy', 'true');
    fetch(url, { headers: { Accept: 'text/html' }, signal: busy ? busy.signal : undefined })
      .then(function (r) {
        return r.text().then(function (html) { return { url: r.url || url, html: html }; });
      })
      .then(function (got) {
        var doc = new DOMParser().parseFromString(got.html, 'text/html');
        var fresh = doc.getElementById('zoekregio');
        if (!fresh) { window.location.href = url; return; }
        var state = keepState();
        var next = new URL(got.url, window.location.href);
        var nextURL = next.pathname + next.search;
        if (opts.push) {
          history.pushState({ casus: true }, '', nextURL);
        } else if (opts.replace) {
          history.replaceState({ casus: true }, '', nextURL);
        }
        region.replaceWith(fresh);
        var form = doc.querySelector('header form.search');
        var mine = document.querySelector('header form.search');
        if (form && mine) { syncSearchForm(mine, form); }
        document.title = fresh.getAttribute('data-title') || doc.title;
        main.removeAttribute('aria-busy');
        enhanceRegion(state);
        restoreFocus(opts.focus, state.focusId);
        var count = document.getElementById('aantal');
        if (count) { announce('zoek-status', count.textContent.replace(/\s+/g, ' ').trim()); }
      })
      .catch(function (e) {
        if (e && e.name === 'AbortError') { return; }
        window.location.href = url;
      });
  }

  // syncSearchForm copies the words and the hidden filters of the fetched
  // page's search form into this one (the input itself stays, so a
  // combobox keeps working).
  function syncSearchForm(mine, fresh) {
    var q = mine.querySelector('[name=q]');
    var fq = fresh.querySelector('[name=q]');
    if (q && fq && document.activeElement !== q) { q.value = fq.value; }
    Array.prototype.forEach.call(mine.querySelectorAll('input[type=hidden]'), function (el) { el.remove(); });
    var button = mine.querySelector('button');
    Array.prototype.forEach.call(fresh.querySelectorAll('input[type=hidden]'), function (el) {
      mine.insertBefore(document.importNode(el, true), button);
    });
  }

  // keepState remembers what the user set up in the filters region: the
  // focused element, open "meer tonen" lists, filter texts, the Filters
  // toggle.
  function keepState() {
    var s = { focusId: document.activeElement && document.activeElement.id, more: {}, texts: {}, filtersOpen: null };
    Array.prototype.forEach.call(document.querySelectorAll('fieldset.facet'), function (f) {
      var d = f.querySelector('details.more');
      s.more[f.getAttribute('data-facet')] = !!(d && d.open);
      var t = f.querySelector('[data-facet-filter]');
      if (t && t.value) { s.texts[f.getAttribute('data-facet')] = t.value; }
    });
    var filters = document.getElementById('filters');
    if (filters) { s.filtersOpen = filters.open; }
    return s;
  }

  function restoreFocus(focus, previous) {
    var el = previous && document.getElementById(previous);
    if (el && el.closest('#zoekregio')) {
      var more = el.closest('details');
      while (more && !more.open) { more.open = true; more = more.parentElement && more.parentElement.closest('details'); }
      el.focus();
      return;
    }
    if (focus) {
      var target = document.getElementById(focus);
      if (target) {
        target.focus({ preventScroll: true });
        target.scrollIntoView({ block: 'start' });
      }
    }
  }

  // enhanceRegion wires the filters region (again after a swap).
  function enhanceRegion(state) {
    var region = document.getElementById('zoekregio');
    if (!region) { return; }
    var filters = document.getElementById('filters');
    if (filters) {
      if (state && state.filtersOpen !== null) {
        filters.open = state.filtersOpen;
      } else if (phone.matches) {
        filters.open = false;
      }
    }
    var form = document.getElementById('filterform');
    if (form) {
      form.addEventListener('change', function (e) {
        if (!e.target.matches('input[type=checkbox]')) { return; }
        var params = new URLSearchParams(new FormData(form));
        navigate('/?' + params.toString(), { push: true });
      });
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        navigate('/?' + new URLSearchParams(new FormData(form)).toString(), { push: true });
      });
    }
    Array.prototype.forEach.call(region.querySelectorAll('fieldset.facet'), function (f) {
      var name = f.getAttribute('data-facet');
      var more = f.querySelector('details.more');
      if (more && state && state.more[name]) { more.open = true; }
      var box = f.querySelector('.facet-filter');
      var input = f.querySelector('[data-facet-filter]');
      if (!box || !input) { return; }
      box.hidden = false;
      var none = document.createElement('p');
      none.className = 'nomatch';
      none.hidden = true;
      none.textContent = 'Geen ' + f.querySelector('legend').textContent.toLowerCase() + ' gevonden.';
      f.appendChild(none);
      function apply() {
        var text = input.value.trim().toLowerCase();
        var shown = 0;
        Array.prototype.forEach.call(f.querySelectorAll('li'), function (li) {
          var label = li.querySelector('.label');
          var hit = !text || (label && label.textContent.toLowerCase().indexOf(text) >= 0);
          li.hidden = !hit;
          if (hit) { shown++; }
        });
        if (more && text) { more.open = true; }
        none.hidden = shown > 0;
      }
      input.addEventListener('input', apply);
      if (state && state.texts[name]) { input.value = state.texts[name]; apply(); }
    });
    // Links inside the region (remove a filter, sort, pages, did you
    // mean) swap the region too.
    region.addEventListener('click', function (e) {
      var a = e.target.closest('a[href]');
      if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) { return; }
      var href = a.getAttribute('href');
      if (!/^\/(\?|$)/.test(href)) { return; }
      e.preventDefault();
      navigate(href, { push: true, focus: 'resultaten' });
    });
  }

  window.addEventListener('popstate', function () {
    if (document.getElementById('zoekregio')) {
      navigate(window.location.pathname + window.location.search, {});
    }
  });

  function init() {
    // Live regions exist before anything is said in them, so screen
    // readers notice the change.
    liveRegion('suggesties-status');
    liveRegion('zoek-status');
    Array.prototype.forEach.call(document.querySelectorAll('input[data-suggest]'), combobox);
    // Wider than a phone the filters have no toggle: keep them open.
    if (phone.addEventListener) {
      phone.addEventListener('change', function () {
        var filters = document.getElementById('filters');
        if (filters && !phone.matches) { filters.open = true; }
      });
    }
    if (document.getElementById('zoekregio')) {
      history.replaceState({ casus: true }, '', window.location.pathname + window.location.search);
      enhanceRegion(null);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
