/*
 * Atrium search: runs in the browser over the index files under search/ (format in
 * site-template/README.md). It fetches the manifest, then only the term shards the
 * query's words need and only the document shards of the results on screen.
 * Plain JavaScript, no libraries.
 */
(() => {
  'use strict';

  // Captured now: document.currentScript is null once this first run is over.
  const script = document.currentScript;
  const root = (script && script.getAttribute('data-root')) || '';

  const PAGE_SIZE = 20;
  const TYPING_DELAY_MS = 150;
  const WHOLE_WORD_BOOST = 2;
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December'];

  const form = document.getElementById('search-form');
  const input = document.getElementById('search-q');
  const facetsBox = document.getElementById('search-facets');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const more = document.getElementById('search-more');
  if (!input || !list || !status || !more) return;

  // ---------- Fetching, each file once ----------

  const files = new Map();
  function load(path) {
    if (!files.has(path)) {
      const request = fetch(root + path).then((response) => {
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        return response.json();
      });
      request.catch(() => files.delete(path)); // a failed file may be asked for again
      files.set(path, request);
    }
    return files.get(path);
  }

  // ---------- Terms: made exactly as the index builder makes them ----------

  /** Lowercase, NFD, marks dropped, split on anything but letters and digits, 2+ characters. */
  function terms(text) {
    return text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')
      .split(/[^\p{L}\p{N}]+/u)
      .filter((term) => Array.from(term).length >= 2);
  }

  /** The term shard a word lives in: hex of the UTF-8 bytes of its first two characters. */
  function shardKey(word) {
    const prefix = Array.from(word).slice(0, 2).join('');
    return Array.from(new TextEncoder().encode(prefix),
      (byte) => byte.toString(16).padStart(2, '0')).join('');
  }

  // ---------- State ----------

  let manifest = null;
  let facetIndex = [];        // per facet: Map value id → index in facet.values
  const chosen = new Map();   // facet key → Set of value ids, from the URL and the checkboxes
  let results = [];           // doc numbers, best first
  let shown = 0;
  let run = 0;                // the newest search; older ones stop when they see it changed
  let timer = 0;
  const baseTitle = document.title;

  function readLocation() {
    const params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    for (const key of ['type', 'area', 'support', 'region', 'unit', 'freshness']) {
      const values = params.getAll(key).filter(Boolean);
      if (values.length) chosen.set(key, new Set(values));
    }
  }

  function writeLocation(query) {
    const params = new URLSearchParams();
    if (query) params.set('q', query);
    for (const facet of manifest.facets) {
      for (const id of chosen.get(facet.key) || []) params.append(facet.key, id);
    }
    const search = params.toString();
    history.replaceState(history.state, '', search ? `?${search}` : location.pathname);
    document.title = query ? `${query} · ${baseTitle}` : baseTitle;
  }

  // ---------- Matching ----------

  /**
   * Documents matching every word, doc number → score. A word matches every term it
   * is a prefix of; a document scores the best weight among them (doubled for the
   * whole word), and the words' scores add up.
   */
  async function textMatches(words) {
    const shards = new Set(manifest.termShards);
    const keys = words.map(shardKey);
    if (keys.some((key) => !shards.has(key))) return new Map();
    const postingsByWord = await Promise.all(keys.map((key) => load(`search/terms/${key}.json`)));
    let scores = null;
    words.forEach((word, position) => {
      if (scores && scores.size === 0) return;
      const shard = postingsByWord[position];
      const best = new Map();
      for (const term of Object.keys(shard)) {
        if (!term.startsWith(word)) continue;
        const boost = term === word ? WHOLE_WORD_BOOST : 1;
        const postings = shard[term];
        for (let i = 0; i < postings.length; i += 2) {
          const weight = postings[i + 1] * boost;
          if (weight > (best.get(postings[i]) || 0)) best.set(postings[i], weight);
        }
      }
      if (scores === null) {
        scores = best;
      } else {
        const both = new Map();
        for (const [doc, score] of scores) {
          if (best.has(doc)) both.set(doc, score + best.get(doc));
        }
        scores = both;
      }
    });
    return scores || new Map();
  }

  /** Chosen values as indexes, per facet (null where nothing is chosen in that facet). */
  function chosenIndexes() {
    return manifest.facets.map((facet, f) => {
      const ids = chosen.get(facet.key);
      if (!ids || ids.size === 0) return null;
      return new Set(Array.from(ids, (id) => facetIndex[f].get(id)));
    });
  }

  /**
   * Filters candidates (OR inside a facet, AND across facets) and counts facet values.
   * A facet's counts leave out that facet's own choice, so each count says how many
   * results ticking the value would add, and the other values stay on offer.
   */
  function filterAndCount(candidates) {
    const selected = chosenIndexes();
    const counts = manifest.facets.map((facet) => new Array(facet.values.length).fill(0));
    const kept = [];
    for (const doc of candidates) {
      const docFacets = manifest.docFacets[doc];
      let failing = -1;
      let failures = 0;
      selected.forEach((wanted, f) => {
        if (wanted && !docFacets[f].some((value) => wanted.has(value))) {
          failing = f;
          failures += 1;
        }
      });
      if (failures > 1) continue;
      docFacets.forEach((values, f) => {
        if (failures === 0 || failing === f) for (const value of values) counts[f][value] += 1;
      });
      if (failures === 0) kept.push(doc);
    }
    return { kept, counts, filtering: selected.some(Boolean) };
  }

  // ---------- The search ----------

  async function search() {
    const current = ++run;
    const query = input.value.trim();
    try {
      if (!manifest) {
        setStatus('Loading the search index…');
        manifest = await load('search/manifest.json');
        facetIndex = manifest.facets.map((facet) => new Map(facet.values.map((value, i) => [value.id, i])));
        // Values the index does not know (an old link) are dropped, not matched against nothing.
        manifest.facets.forEach((facet, f) => {
          const ids = chosen.get(facet.key);
          if (ids) chosen.set(facet.key, new Set(Array.from(ids).filter((id) => facetIndex[f].has(id))));
        });
      }
      const words = Array.from(new Set(terms(query)));
      const scores = words.length ? await textMatches(words) : null;
      if (current !== run) return;

      let candidates;
      if (scores) {
        candidates = Array.from(scores.keys()).sort((a, b) => scores.get(b) - scores.get(a) || a - b);
      } else {
        candidates = Array.from({ length: manifest.docCount }, (_, doc) => doc);
      }
      const { kept, counts, filtering } = filterAndCount(candidates);
      renderFacets(counts);
      writeLocation(query);

      if (!scores && !filtering) {
        results = [];
        shown = 0;
        list.replaceChildren();
        more.hidden = true;
        setStatus(query
          ? 'Type a word of at least two letters or digits.'
          : `Type a word or two to search ${count(manifest.docCount, 'product')}, or choose a filter.`);
        return;
      }
      results = kept;
      shown = 0;
      list.replaceChildren();
      setStatus(summary(kept.length, query, words.length > 0, filtering));
      await showMore(false);
    } catch (error) {
      if (current === run) showError(error);
    }
  }

  function summary(total, query, hasWords, filtering) {
    if (hasWords) {
      const found = total === 0 ? 'No results' : count(total, 'result');
      const hint = total === 0 ? (filtering ? ' Try removing a filter.' : ' Try fewer or shorter words.') : '';
      return `${found} for “${query}”${filtering ? ', filtered' : ''}.${hint}`;
    }
    return total === 0 ? 'No products match these filters.' : `${count(total, 'product')} match these filters.`;
  }

  function count(n, noun) {
    return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
  }

  /** Renders the next page of results, fetching only the document shards it needs. */
  async function showMore(moveFocus) {
    const current = run;
    const page = results.slice(shown, shown + PAGE_SIZE);
    const shardNumbers = Array.from(new Set(page.map((doc) => Math.floor(doc / manifest.shardSize))));
    list.setAttribute('aria-busy', 'true');
    try {
      const shards = await Promise.all(shardNumbers.map((n) => load(`search/docs/${n}.json`)));
      if (current !== run) return;
      const byNumber = new Map(shardNumbers.map((n, i) => [n, shards[i]]));
      const items = page.map((doc) => resultItem(byNumber.get(Math.floor(doc / manifest.shardSize))[doc % manifest.shardSize]));
      list.append(...items);
      shown += page.length;
      more.hidden = shown >= results.length;
      if (moveFocus && items.length) items[0].querySelector('a').focus();
    } finally {
      if (current === run) list.removeAttribute('aria-busy');
    }
  }

  // ---------- Rendering ----------

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null && value !== '') node.setAttribute(name, value);
    }
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  }

  function resultItem(doc) {
    const [url, title, summaryText, typeLabel, date, lang, freshness] = doc;
    const meta = element('p', { class: 'card__meta' },
      typeLabel ? element('span', { class: 'card__type' }, typeLabel) : null,
      date ? element('span', { class: 'card__date' }, element('time', { datetime: date }, displayDate(date))) : null,
      freshness ? badge(freshness) : null);
    return element('li', { class: 'card search-result' },
      element('h3', { class: 'card__title' },
        element('a', { href: root + url, lang, dir: 'auto' }, title)),
      meta,
      summaryText ? element('p', { class: 'card__summary', lang, dir: 'auto' }, summaryText) : null);
  }

  function badge(state) {
    const f = manifest.facets.findIndex((facet) => facet.key === 'freshness');
    const value = f >= 0 && facetIndex[f].has(state) ? manifest.facets[f].values[facetIndex[f].get(state)] : null;
    return element('span', { class: `badge badge--${state}` }, value ? value.label : state);
  }

  /** "2024-03-11" → "11 March 2024", as the portal's pages write dates. */
  function displayDate(date) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!match || +match[2] < 1 || +match[2] > 12) return date;
    return `${+match[3]} ${MONTHS[+match[2] - 1]} ${match[1]}`;
  }

  function renderFacets(counts) {
    if (!facetsBox) return;
    let panel = facetsBox.querySelector('details');
    if (!panel) {
      panel = element('details', { class: 'search-facets__panel' },
        element('summary', {}, 'Filter results'), element('div', { class: 'search-facets__body' }));
      panel.open = window.matchMedia('(min-width: 52em)').matches;
      facetsBox.replaceChildren(panel);
    }
    const body = panel.querySelector('.search-facets__body');
    const focused = document.activeElement && body.contains(document.activeElement) ? document.activeElement.id : '';

    const groups = [];
    manifest.facets.forEach((facet, f) => {
      const ids = chosen.get(facet.key) || new Set();
      const items = [];
      facet.values.forEach((value, v) => {
        const ticked = ids.has(value.id);
        if (counts[f][v] === 0 && !ticked) return;
        const id = `facet-${facet.key}-${v}`;
        const box = element('input', { type: 'checkbox', id, name: facet.key, value: value.id });
        box.checked = ticked;
        items.push(element('li', {}, box,
          element('label', { for: id },
            element('span', {}, value.label),
            element('span', { class: 'count' }, String(counts[f][v]),
              element('span', { class: 'visually-hidden' }, counts[f][v] === 1 ? ' result' : ' results')))));
      });
      if (items.length) {
        groups.push(element('fieldset', {}, element('legend', {}, facet.label), element('ul', {}, ...items)));
      }
    });
    if (Array.from(chosen.values()).some((ids) => ids.size > 0)) {
      groups.unshift(element('p', { class: 'search-facets__clear' },
        element('button', { type: 'button', 'data-clear': 'facets' }, 'Clear all filters')));
    }
    body.replaceChildren(...groups);
    const ticked = Array.from(chosen.values()).reduce((sum, ids) => sum + ids.size, 0);
    panel.querySelector('summary').textContent = ticked ? `Filter results (${ticked} chosen)` : 'Filter results';
    if (focused) {
      const again = document.getElementById(focused);
      (again || panel.querySelector('summary')).focus();
    }
  }

  function setStatus(text) {
    status.classList.remove('search-status--error');
    status.textContent = text;
  }

  function showError(error) {
    list.replaceChildren();
    list.removeAttribute('aria-busy');
    more.hidden = true;
    status.classList.add('search-status--error');
    status.textContent = location.protocol === 'file:'
      ? 'Search needs the portal to be served by a web server; it does not work from files opened directly. Browse by topic instead.'
      : `Search is not available right now: the search index could not be loaded (${error.message}). Try again later, or browse by topic.`;
  }

  // ---------- Events ----------

  function searchSoon() {
    clearTimeout(timer);
    timer = setTimeout(search, TYPING_DELAY_MS);
  }

  function searchNow() {
    clearTimeout(timer);
    search();
  }

  if (form) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      searchNow();
    });
  }
  input.addEventListener('input', searchSoon);
  more.addEventListener('click', () => {
    if (!list.hasAttribute('aria-busy')) showMore(true).catch(showError);
  });
  if (facetsBox) {
    facetsBox.addEventListener('change', (event) => {
      const box = event.target;
      if (!(box instanceof HTMLInputElement) || box.type !== 'checkbox') return;
      const ids = chosen.get(box.name) || new Set();
      if (box.checked) ids.add(box.value); else ids.delete(box.value);
      chosen.set(box.name, ids);
      searchNow();
    });
    facetsBox.addEventListener('click', (event) => {
      if (!(event.target instanceof Element) || !event.target.matches('[data-clear="facets"]')) return;
      chosen.clear();
      searchNow();
      input.focus();
    });
  }

  readLocation();
  search();
})();
