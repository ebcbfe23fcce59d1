{% raw %}
// The conflict list: filters, search and paging over the JSON blob. Every text goes in
// through textContent, never innerHTML, so data cannot become markup.
(function () {
  'use strict';
  var PAGE = 100;
  var D = JSON.parse(document.getElementById('report-data').textContent);
  expand(D);
  var L = D.labels;
  var all = D.conflicts;
  var kindWord = toMap(D.kinds), sevWord = toMap(D.severities), fieldWord = toMap(D.fields);
  var levelWord = toMap(D.levels);
  var state = { kind: '', severity: '', source: '', q: '', page: 1 };
  var nf = new Intl.NumberFormat(D.lang === 'vi' ? 'vi-VN' : 'en-US');
  var pf = new Intl.NumberFormat(D.lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 });
  var wf = new Intl.NumberFormat(D.lang === 'vi' ? 'vi-VN' : 'en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'always' });

  // The blob writes each record once, and conflicts name theirs by position;
  // known field names and levels are positions in D.fields and D.levels.
  function expand(D) {
    var F = D.fields.map(function (f) { return f[0]; });
    var V = D.levels.map(function (l) { return l[0]; });
    function word(x, list) { return typeof x === 'number' ? list[x] : x; }
    D.records.forEach(function (r) {
      r[1] = r[1].map(function (f) { return [word(f[0], F), f[1]]; });
    });
    D.conflicts.forEach(function (c) {
      c.rec = c.rec.map(function (i) { return D.records[i]; });
      c.ev = c.ev.map(function (e) { return [word(e[0], F), e[1], e[2], word(e[3], V), e[4]]; });
    });
  }
  function toMap(pairs) {
    var m = Object.create(null);
    pairs.forEach(function (p) { m[p[0]] = p[1]; });
    return m;
  }
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  // Diacritics-insensitive search: "Nguyen Van Dung" finds "Nguyễn Văn Dũng".
  function fold(s) {
    return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  }
  function searchKey(c) {
    if (c._q === undefined) {
      var parts = [c.id, c.subj.join(' '), c.v.join(' '), c.d];
      c.rec.forEach(function (r) {
        parts.push(r[0]);
        r[1].forEach(function (f) { parts.push(f[1]); });
      });
      c._q = fold(parts.join(' \u0001 '));
    }
    return c._q;
  }
  function fieldLabel(f) { return fieldWord[f] || f; }
  function pct(p) { return pf.format(p * 100) + '%'; }

  // ---- filters and the URL hash (report.html#kind=possible_duplicate&severity=error)
  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    var known = ['kind', 'severity', 'source', 'q'].some(function (k) { return p.has(k); });
    if (!known) return false;
    state.kind = p.get('kind') || '';
    state.severity = p.get('severity') || '';
    state.source = p.get('source') || '';
    state.q = p.get('q') || '';
    state.page = Math.max(1, parseInt(p.get('page') || '1', 10) || 1);
    return true;
  }
  function writeHash() {
    var p = new URLSearchParams();
    ['kind', 'severity', 'source', 'q'].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    if (state.page > 1) p.set('page', String(state.page));
    var h = p.toString();
    try { history.replaceState(null, '', h ? '#' + h : location.pathname + location.search); } catch (e) { /* file:// may refuse; the filters still work */ }
  }
  function fillSelect(sel, options, current) {
    var have = {};
    options.forEach(function (o) {
      have[o[0]] = true;
      var opt = el('option', null, o[1]);
      opt.value = o[0];
      sel.appendChild(opt);
    });
    if (current && !have[current]) {
      var extra = el('option', null, current + ' (0)');
      extra.value = current;
      sel.appendChild(extra);
    }
    sel.value = current;
  }
  function countBy(key) {
    var n = Object.create(null);
    all.forEach(function (c) {
      (Array.isArray(c[key]) ? c[key] : [c[key]]).forEach(function (v) { n[v] = (n[v] || 0) + 1; });
    });
    return n;
  }
  function setupFilters() {
    var nk = countBy('k'), ns = countBy('s'), nsrc = countBy('src');
    fillSelect($('f-kind'), D.kinds.filter(function (k) { return nk[k[0]]; })
      .map(function (k) { return [k[0], k[1] + ' (' + nf.format(nk[k[0]]) + ')']; }), state.kind);
    fillSelect($('f-severity'), D.severities.filter(function (s) { return ns[s[0]]; })
      .map(function (s) { return [s[0], s[1] + ' (' + nf.format(ns[s[0]]) + ')']; }), state.severity);
    fillSelect($('f-source'), D.sources.filter(function (s) { return nsrc[s[0]]; })
      .map(function (s) { return [s[0], s[0] + (s[1] ? ' — ' + s[1] : '') + ' (' + nf.format(nsrc[s[0]]) + ')']; }), state.source);
    $('f-q').value = state.q;
    ['kind', 'severity', 'source'].forEach(function (k) {
      $('f-' + k).addEventListener('change', function (e) { state[k] = e.target.value; state.page = 1; update(); });
    });
    var timer = null;
    $('f-q').addEventListener('input', function (e) {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = e.target.value; state.page = 1; update(); }, 150);
    });
    $('f-clear').addEventListener('click', function () {
      state = { kind: '', severity: '', source: '', q: '', page: 1 };
      syncControls();
      update();
    });
  }
  function syncControls() {
    ['kind', 'severity', 'source'].forEach(function (k) { $('f-' + k).value = state[k]; });
    $('f-q').value = state.q;
  }
  function filtered() {
    var q = fold(state.q.trim());
    var words = q ? q.split(/\s+/) : [];
    return all.filter(function (c) {
      if (state.kind && c.k !== state.kind) return false;
      if (state.severity && c.s !== state.severity) return false;
      if (state.source && c.src.indexOf(state.source) < 0) return false;
      if (words.length) {
        var key = searchKey(c);
        for (var i = 0; i < words.length; i++) if (key.indexOf(words[i]) < 0) return false;
      }
      return true;
    });
  }

  // ---- one conflict
  function card(c) {
    var a = el('article', 'conflict s-' + c.s);
    a.setAttribute('data-kind', c.k);
    a.setAttribute('data-severity', c.s);
    a.setAttribute('data-id', c.id);
    var head = el('div', 'c-head');
    head.appendChild(el('span', 'badge sev-' + c.s, sevWord[c.s] || c.s));
    head.appendChild(el('span', 'c-kind', kindWord[c.k] || c.k));
    head.appendChild(el('code', 'c-id', c.id));
    if (c.p !== null && c.p !== undefined) head.appendChild(el('span', 'c-prob', L.probability + ': ' + pct(c.p)));
    a.appendChild(head);
    if (c.subj.length) a.appendChild(el('div', 'c-subject', c.subj.join(' | ')));
    if (c.f || c.v.length) {
      var p = el('p', 'c-text');
      if (c.f) { p.appendChild(el('span', 'lbl', L.field + ':')); p.appendChild(el('b', null, fieldLabel(c.f))); }
      if (c.v.length) {
        p.appendChild(el('span', 'lbl', L.values + ':'));
        var vs = el('span', 'c-values');
        c.v.forEach(function (v) { vs.appendChild(el('span', null, v)); });
        p.appendChild(vs);
      }
      a.appendChild(p);
    }
    if (c.d) a.appendChild(textLine(L.detail, c.d, ''));
    if (c.sg) a.appendChild(textLine(L.suggestion, c.sg, 'c-sugg'));
    var hasRec = c.rec.length > 0, hasEv = c.ev.length > 0 || c.pw !== null && c.pw !== undefined;
    if (hasRec || hasEv) {
      var body = el('div', 'c-body' + (hasRec && hasEv ? '' : ' single'));
      if (hasRec) body.appendChild(records(c));
      if (hasEv) body.appendChild(waterfall(c));
      a.appendChild(body);
    }
    return a;
  }
  function textLine(label, text, cls) {
    var p = el('p', 'c-text ' + cls);
    p.appendChild(el('span', 'lbl', label + ':'));
    p.appendChild(document.createTextNode(text));
    return p;
  }
  // Records side by side, one row per field, rows whose values differ highlighted.
  function records(c) {
    var box = el('div');
    var names = [];
    c.rec.forEach(function (r) { r[1].forEach(function (f) { if (names.indexOf(f[0]) < 0) names.push(f[0]); }); });
    var t = el('table', 'rec');
    var hr = el('tr');
    hr.appendChild(el('th', null, L.record));
    c.rec.forEach(function (r) { hr.appendChild(el('th', 'ref', r[0])); });
    t.appendChild(el('thead')).appendChild(hr);
    var tb = t.appendChild(el('tbody'));
    names.forEach(function (name) {
      var vals = c.rec.map(function (r) {
        for (var i = 0; i < r[1].length; i++) if (r[1][i][0] === name) return r[1][i][1];
        return '';
      });
      var distinct = {};
      vals.forEach(function (v) { if (v.trim()) distinct[fold(v.trim()).replace(/\s+/g, ' ')] = true; });
      var differs = c.rec.length > 1 && Object.keys(distinct).length > 1;
      var tr = el('tr', [differs ? 'diff' : '', name === c.f ? 'focus' : ''].join(' ').trim());
      if (differs) tr.title = L.differs;
      tr.appendChild(el('th', null, fieldLabel(name)));
      vals.forEach(function (v) { tr.appendChild(v ? el('td', null, v) : el('td', 'empty', '—')); });
      tb.appendChild(tr);
    });
    box.appendChild(t);
    return box;
  }
  // Evidence as a waterfall: each field moves the running match weight up or down.
  function waterfall(c) {
    var box = el('div');
    box.appendChild(el('p', 'sub', L.evidence));
    var steps = [];
    var run = 0;
    if (c.pw !== null && c.pw !== undefined) { steps.push({ label: L.prior, l: '', r: '', lv: '', w: c.pw, from: 0, to: c.pw }); run = c.pw; }
    c.ev.forEach(function (e) { steps.push({ label: fieldLabel(e[0]), l: e[1], r: e[2], lv: e[3], w: e[4], from: run, to: run + e[4] }); run += e[4]; });
    var lo = 0, hi = 0;
    steps.forEach(function (s) { lo = Math.min(lo, s.from, s.to); hi = Math.max(hi, s.from, s.to); });
    var span = (hi - lo) || 1;
    var x = function (v) { return ((v - lo) / span * 100).toFixed(2) + '%'; };
    var t = el('table', 'ev');
    var hr = el('tr');
    [L.field, L.left, L.right, L.level, L.weight, L.running, ''].forEach(function (h) { hr.appendChild(el('th', null, h)); });
    t.appendChild(el('thead')).appendChild(hr);
    var tb = t.appendChild(el('tbody'));
    steps.forEach(function (s) {
      var tr = el('tr');
      tr.appendChild(el('td', null, s.label));
      tr.appendChild(el('td', null, s.l));
      tr.appendChild(el('td', null, s.r));
      tr.appendChild(el('td', 'lv', levelWord[s.lv] || s.lv));
      tr.appendChild(el('td', 'num ' + (s.w >= 0 ? 'w-pos' : 'w-neg'), wf.format(s.w)));
      tr.appendChild(el('td', 'num', wf.format(s.to)));
      var bar = el('div', 'wf-bar');
      var seg = el('span', s.w >= 0 ? 'pos' : 'neg');
      seg.style.left = x(Math.min(s.from, s.to));
      seg.style.width = ((Math.abs(s.to - s.from) / span) * 100).toFixed(2) + '%';
      bar.appendChild(seg);
      var z = el('span', 'zero-line');
      z.style.left = x(0);
      bar.appendChild(z);
      tr.appendChild(el('td', null)).appendChild(bar);
      tb.appendChild(tr);
    });
    if (c.p !== null && c.p !== undefined) {
      var tot = el('tr', 'total');
      var td = el('td', null, L.probability);
      td.colSpan = 4;
      tot.appendChild(td);
      tot.appendChild(el('td', 'num', ''));
      tot.appendChild(el('td', 'num', wf.format(run)));
      tot.appendChild(el('td', null, pct(c.p)));
      tb.appendChild(tot);
    }
    box.appendChild(t);
    return box;
  }

  // ---- the page of the list
  function pager(box, n, pages) {
    box.textContent = '';
    var start = n ? (state.page - 1) * PAGE + 1 : 0, end = Math.min(n, state.page * PAGE);
    var st = el('span', 'status');
    st.appendChild(document.createTextNode(L.showing + ' '));
    st.appendChild(el('b', null, nf.format(start) + '–' + nf.format(end)));
    st.appendChild(document.createTextNode(' ' + L.of + ' '));
    var total = el('b', null, nf.format(n));
    total.setAttribute('data-count', 'filtered');
    total.setAttribute('data-value', String(n));
    st.appendChild(total);
    box.appendChild(st);
    var prev = el('button', 'btn-plain', L.prev);
    prev.type = 'button';
    prev.disabled = state.page <= 1;
    prev.addEventListener('click', function () { go(state.page - 1); });
    var next = el('button', 'btn-plain', L.next);
    next.type = 'button';
    next.disabled = state.page >= pages;
    next.addEventListener('click', function () { go(state.page + 1); });
    box.appendChild(prev);
    box.appendChild(el('span', null, L.page + ' ' + nf.format(state.page) + ' / ' + nf.format(pages)));
    box.appendChild(next);
  }
  function go(page) {
    state.page = page;
    update();
    $('conflicts').scrollIntoView();
  }
  function render() {
    var list = filtered();
    var pages = Math.max(1, Math.ceil(list.length / PAGE));
    state.page = Math.min(Math.max(1, state.page), pages);
    var box = $('conflict-list');
    box.textContent = '';
    box.setAttribute('data-shown', String(Math.min(PAGE, list.length - (state.page - 1) * PAGE)));
    if (!list.length) box.appendChild(el('div', 'empty-list', L.none_match));
    var frag = document.createDocumentFragment();
    list.slice((state.page - 1) * PAGE, state.page * PAGE).forEach(function (c) { frag.appendChild(card(c)); });
    box.appendChild(frag);
    pager($('pager-top'), list.length, pages);
    pager($('pager-bottom'), list.length, pages);
  }
  function update() { writeHash(); render(); }

  readHash();
  setupFilters();
  render();
  window.addEventListener('hashchange', function () {
    if (readHash()) { syncControls(); render(); $('conflicts').scrollIntoView(); }
  });
  document.body.setAttribute('data-ready', '1');
  // Time from navigation start to a usable list, for checking large runs by hand.
  document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
})();
{% endraw %}
