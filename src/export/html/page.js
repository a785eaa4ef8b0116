// stancemap's HTML snapshot: filters, search, pan and zoom, the side panel and the matrix.
// Hand-written, no framework, nothing fetched. Text from the data only ever reaches the page
// through textContent; links are http(s) only and open in a new tab without an opener.
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('data').textContent);
  var S = D.strings;
  var nodes = D.nodes;
  var N = nodes.length;
  var svg = document.getElementById('map-svg');
  var graph = document.getElementById('graph');
  var panel = document.getElementById('panel');
  var searchBox = document.getElementById('search');
  var SVGNS = 'http://www.w3.org/2000/svg';

  // ---- the data -------------------------------------------------------------------------
  var P = D.positions.map(function (r) {
    return {
      a: r[0], i: r[1], s: r[2], q: S[r[3]],
      c: r[4] >= 0 ? S[r[4]] : null,
      src: r[5] >= 0 ? D.sources[r[5]] : null,
      d: r[6] >= 0 ? S[r[6]] : null,
      u: r[7] >= 0 ? S[r[7]] : null,
      o: r[8],
      sal: r[9] >= 0 ? r[9] : null
    };
  });
  var byNode = [];
  for (var n = 0; n < N; n++) byNode.push([]);
  P.forEach(function (p, k) { byNode[p.a].push(k); byNode[p.i].push(k); });
  var isIssue = nodes.map(function (x) { return x.k === 'Issue'; });
  var representedBy = nodes.map(function () { return []; });
  nodes.forEach(function (x, k) {
    if (x.rep && x.rep[0] !== null) representedBy[x.rep[0]].push(k);
  });
  function dateOf(p) { return p.d || (p.src && p.src.d) || null; }
  function linkOf(p) { return p.u || (p.src && p.src.u) || null; }
  function byDate(a, b) {
    var da = dateOf(P[a]) || '', db = dateOf(P[b]) || '';
    return da < db ? -1 : da > db ? 1 : P[a].o - P[b].o;
  }

  // ---- what the SVG holds ---------------------------------------------------------------
  var nodeEl = new Array(N), labelEl = new Array(N);
  svg.querySelectorAll('g.node').forEach(function (g) { nodeEl[+g.dataset.n] = g; });
  svg.querySelectorAll('#labels > g[data-n]').forEach(function (g) { labelEl[+g.dataset.n] = g; });
  var groups = Array.prototype.slice.call(svg.querySelectorAll('g.edges[data-i]'));
  var highlight = document.createElementNS(SVGNS, 'g');
  highlight.id = 'highlight';
  var ring = document.createElementNS(SVGNS, 'g');
  ring.id = 'selection-ring';
  var edgesLayer = document.getElementById('edges');
  var nodesLayer = document.getElementById('nodes');
  graph.insertBefore(highlight, nodesLayer);
  graph.insertBefore(ring, nodesLayer.nextSibling);

  // ---- state ----------------------------------------------------------------------------
  var issueOn = new Uint8Array(N).fill(1);
  var stanceOn = D.stances.map(function () { return true; });
  var selected = null;      // {n: node} or {a: actor, i: issue}
  var matches = [];
  var matchCursor = -1;
  var visibleCount = new Int32Array(N);

  function shown(p) { return issueOn[p.i] === 1 && stanceOn[p.s]; }
  function filtered() {
    if (stanceOn.some(function (on) { return !on; })) return true;
    for (var k = 0; k < N; k++) if (isIssue[k] && !issueOn[k]) return true;
    return false;
  }

  // ---- small DOM helpers ----------------------------------------------------------------
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function webLink(url) {
    if (!/^https?:\/\//i.test(url)) return null;
    var a = el('a', null, null);
    a.href = url;
    if (a.protocol !== 'http:' && a.protocol !== 'https:') return null;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }
  function nodeButton(k) {
    var b = el('button', 'link', nodes[k].n);
    b.type = 'button';
    b.addEventListener('click', function () { select({ n: k }, true); });
    return b;
  }
  function chip(s) {
    var c = el('span', 'chip', D.stances[s].label);
    c.style.backgroundColor = D.stances[s].color;
    return c;
  }
  function tally(list) {
    var counts = D.stances.map(function () { return 0; });
    list.forEach(function (k) { counts[P[k].s]++; });
    var parts = [];
    counts.forEach(function (c, s) { if (c > 0) parts.push(c + ' ' + D.stances[s].name); });
    return parts.length ? parts.join(' \u00b7 ') : 'no positions';
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  // ---- filters --------------------------------------------------------------------------
  var stanceBox = document.getElementById('stances');
  var stanceTotals = D.stances.map(function () { return 0; });
  P.forEach(function (p) { stanceTotals[p.s]++; });
  D.stances.forEach(function (st, s) {
    if (stanceTotals[s] === 0) return;
    var label = el('label', 'check');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = true;
    box.addEventListener('change', function () { stanceOn[s] = box.checked; update(); });
    var swatch = el('span', 'swatch');
    swatch.style.backgroundColor = st.color;
    label.append(box, swatch, el('span', null, st.label), el('span', 'count', String(stanceTotals[s])));
    stanceBox.append(label);
  });

  var issueList = document.getElementById('issues');
  var issueRows = [];
  var issueBoxes = [];
  nodes.forEach(function (x, k) {
    if (!isIssue[k]) return;
    var row = el('div', 'issue');
    var label = el('label', 'check');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = true;
    box.addEventListener('change', function () { issueOn[k] = box.checked ? 1 : 0; update(); });
    label.append(box, el('span', 'name', x.n), el('span', 'count', String(byNode[k].length)));
    label.title = x.n;
    var only = el('button', 'only', 'only');
    only.type = 'button';
    only.setAttribute('aria-label', 'Only ' + x.n);
    only.title = 'Show only this issue';
    only.addEventListener('click', function () { setIssues(function (j) { return j === k; }); });
    row.append(label, only);
    issueList.append(row);
    issueRows.push({ k: k, row: row, name: fold(x.n) });
    issueBoxes[k] = box;
  });
  document.getElementById('issue-count').textContent = '(' + issueRows.length + ')';
  function setIssues(on) {
    issueRows.forEach(function (r) {
      var v = on(r.k);
      issueOn[r.k] = v ? 1 : 0;
      issueBoxes[r.k].checked = v;
    });
    update();
  }
  document.getElementById('issues-all').addEventListener('click', function () { setIssues(function () { return true; }); });
  document.getElementById('issues-none').addEventListener('click', function () { setIssues(function () { return false; }); });

  // ---- search ---------------------------------------------------------------------------
  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  var folded = nodes.map(function (x) { return fold(x.n); });
  searchBox.addEventListener('input', function () { matchCursor = -1; update(); });
  searchBox.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && matches.length) {
      e.preventDefault();
      matchCursor = (matchCursor + 1) % matches.length;
      select({ n: matches[matchCursor] }, true);
      centerOn(matches[matchCursor]);
    } else if (e.key === 'Escape') {
      searchBox.value = '';
      update();
    }
  });

  // ---- applying the filter and the search -----------------------------------------------
  function update() {
    groups.forEach(function (g) {
      g.classList.toggle('off', !(issueOn[+g.dataset.i] === 1 && stanceOn[+g.dataset.s]));
    });
    visibleCount.fill(0);
    P.forEach(function (p) {
      if (shown(p)) { visibleCount[p.a]++; visibleCount[p.i]++; }
    });
    var narrowed = filtered();
    var q = fold(searchBox.value.trim());
    matches = [];
    for (var k = 0; k < N; k++) {
      var hit = q !== '' && folded[k].indexOf(q) >= 0;
      if (hit) matches.push(k);
      var faded = narrowed && visibleCount[k] === 0;
      var dim = q !== '' && !hit;
      nodeEl[k].classList.toggle('faded', faded);
      nodeEl[k].classList.toggle('dim', dim);
      nodeEl[k].classList.toggle('match', hit);
      if (labelEl[k]) {
        labelEl[k].classList.toggle('faded', faded);
        labelEl[k].classList.toggle('dim', dim);
      }
    }
    issueRows.forEach(function (r) {
      r.row.hidden = q !== '' && r.name.indexOf(q) < 0;
    });
    document.getElementById('search-count').textContent =
      q === '' ? '' : matches.length === 0 ? 'No match' : plural(matches.length, 'match', 'matches');
    drawSelection();
    renderPanel();
    if (!matrixView.hidden) renderMatrix();
  }

  // ---- selection ------------------------------------------------------------------------
  function select(what, fromUser) {
    selected = what;
    drawSelection();
    renderPanel();
    if (fromUser && what) panel.scrollTop = 0;
  }
  function selectedPositions() {
    if (!selected) return [];
    if (selected.n !== undefined) return byNode[selected.n].filter(function (k) { return shown(P[k]); });
    return byNode[selected.a].filter(function (k) { return P[k].i === selected.i && shown(P[k]); });
  }
  function drawSelection() {
    highlight.textContent = '';
    ring.textContent = '';
    svg.classList.toggle('selecting', !!selected);
    nodeEl.forEach(function (e) { e.classList.remove('near'); e.classList.remove('selected'); });
    labelEl.forEach(function (e) { if (e) e.classList.remove('near'); });
    if (!selected) return;
    var ends = selected.n !== undefined ? [selected.n] : [selected.a, selected.i];
    var list = selectedPositions();
    list.forEach(function (k) {
      var p = P[k];
      var line = document.createElementNS(SVGNS, 'line');
      line.setAttribute('x1', nodes[p.a].x);
      line.setAttribute('y1', nodes[p.a].y);
      line.setAttribute('x2', nodes[p.i].x);
      line.setAttribute('y2', nodes[p.i].y);
      line.setAttribute('stroke', D.stances[p.s].color);
      line.setAttribute('stroke-width', '2.5');
      highlight.append(line);
      [p.a, p.i].forEach(function (m) {
        nodeEl[m].classList.add('near');
        if (labelEl[m]) labelEl[m].classList.add('near');
      });
    });
    ends.forEach(function (m) {
      nodeEl[m].classList.add('near', 'selected');
      if (labelEl[m]) labelEl[m].classList.add('near');
      var c = document.createElementNS(SVGNS, 'circle');
      c.setAttribute('cx', nodes[m].x);
      c.setAttribute('cy', nodes[m].y);
      c.setAttribute('r', nodes[m].r + 4);
      c.setAttribute('class', 'ring');
      ring.append(c);
    });
  }

  // ---- the side panel -------------------------------------------------------------------
  function sourceLine(p) {
    var line = el('p', 'source');
    var url = linkOf(p);
    var link = url ? webLink(url) : null;
    var title = p.src ? p.src.t : 'Source';
    if (link) {
      link.textContent = title;
      link.title = url;
      line.append(link);
    } else if (p.src) {
      line.append(el('span', null, title));
    }
    if (p.src && p.src.p) line.append(el('span', 'weak', ' \u00b7 ' + p.src.p));
    var date = dateOf(p);
    if (date) line.append(el('span', 'weak', ' \u00b7 ' + date));
    if (p.sal !== null) line.append(el('span', 'weak', ' \u00b7 salience ' + p.sal + ' of 100'));
    return line;
  }
  function positionView(k, withStance, withActor) {
    var p = P[k];
    var box = el('div', 'position');
    var head = el('p', 'head');
    if (withActor) head.append(nodeButton(p.a));
    if (withStance) head.append(chip(p.s));
    if (p.c) {
      if (!withStance) head.append(el('span', 'weak', 'If: '));
      head.append(el('strong', 'condition', p.c));
    }
    if (head.childNodes.length) box.append(head);
    var quote = el('blockquote', null, '\u201c' + p.q + '\u201d');
    quote.style.borderColor = D.stances[p.s].color;
    box.append(quote, sourceLine(p));
    return box;
  }
  function hiddenNote(all, visible) {
    var hidden = all - visible;
    return hidden > 0 ? el('p', 'weak', plural(hidden, 'more position is', 'more positions are') + ' hidden by the filter.') : null;
  }
  function renderPanel() {
    panel.textContent = '';
    if (!selected) { renderOverview(); return; }
    var close = el('button', 'close', '\u00d7');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close the details');
    close.addEventListener('click', function () { select(null); });
    panel.append(close);
    var list = selectedPositions();
    if (selected.n === undefined) {
      panel.append(el('h2', null, nodes[selected.a].n + ' on ' + nodes[selected.i].n));
      var row = el('p', 'weak', 'Open ');
      row.append(nodeButton(selected.a), ' or ', nodeButton(selected.i));
      panel.append(row, el('p', 'tally', tally(list)));
      list.sort(byDate).forEach(function (k) { panel.append(positionView(k, true, false)); });
      return;
    }
    var k = selected.n;
    var x = nodes[k];
    panel.append(el('h2', null, x.n));
    if (isIssue[k]) {
      panel.append(el('p', 'kind', 'Issue'));
      if (x.tags) panel.append(el('p', 'weak', 'Tags: ' + x.tags.join(', ')));
      if (x.desc) panel.append(el('p', 'description', x.desc));
      panel.append(el('p', 'tally', tally(list)));
      var note = hiddenNote(byNode[k].length, list.length);
      if (note) panel.append(note);
      D.stances.forEach(function (st, s) {
        var group = list.filter(function (j) { return P[j].s === s; });
        if (!group.length) return;
        var h = el('h3', null, st.label + ' (' + group.length + ')');
        h.prepend(el('span', 'swatch'));
        h.firstChild.style.backgroundColor = st.color;
        panel.append(h);
        group.forEach(function (j) { panel.append(positionView(j, false, true)); });
      });
      if (!byNode[k].length) panel.append(el('p', 'weak', 'The file records no position on this issue.'));
      return;
    }
    var kind = el('p', 'kind');
    kind.append(el('strong', null, x.k));
    if (x.role) kind.append(el('span', null, ' \u00b7 ' + x.role));
    panel.append(kind);
    if (x.rep) {
      var rep = el('p', null, 'Represents ');
      rep.append(x.rep[0] !== null ? nodeButton(x.rep[0]) : el('strong', null, x.rep[1]));
      panel.append(rep);
    }
    if (x.attrs || x.inf !== undefined) {
      var attrs = el('dl', 'attrs');
      if (x.inf !== undefined) attrs.append(el('dt', null, 'influence'), el('dd', null, x.inf + ' of 100'));
      (x.attrs || []).forEach(function (a) {
        attrs.append(el('dt', null, a[0]), el('dd', null, a[1]));
      });
      panel.append(attrs);
    }
    if (representedBy[k].length) {
      var by = el('p', null, 'Represented by ');
      representedBy[k].forEach(function (m, j) {
        if (j) by.append(', ');
        by.append(nodeButton(m));
      });
      panel.append(by);
    }
    panel.append(el('p', 'tally', 'Positions: ' + tally(list)));
    var hidden = hiddenNote(byNode[k].length, list.length);
    if (hidden) panel.append(hidden);
    if (!byNode[k].length) panel.append(el('p', 'weak', 'The file records no position for this actor.'));
    // By issue; on each issue, its history in date order.
    var byIssue = new Map();
    list.forEach(function (j) {
      if (!byIssue.has(P[j].i)) byIssue.set(P[j].i, []);
      byIssue.get(P[j].i).push(j);
    });
    byIssue.forEach(function (group, issue) {
      var h = el('h3');
      h.append(nodeButton(issue));
      panel.append(h);
      group.sort(byDate).forEach(function (j) { panel.append(positionView(j, true, false)); });
    });
  }
  function renderOverview() {
    if (D.description) panel.append(el('p', 'description', D.description));
    var actors = 0;
    nodes.forEach(function (x, k) { if (!isIssue[k]) actors++; });
    panel.append(el('p', 'tally', plural(actors, 'actor', 'actors') + ', ' +
      plural(N - actors, 'issue', 'issues') + ', ' + plural(P.length, 'position', 'positions')));
    panel.append(el('p', null, 'Click a node, or focus it with Tab and press Enter, to read who said what, with the quote, source and date.'));
    D.footer.forEach(function (line) { panel.append(el('p', 'weak', line)); });
  }

  // ---- pan and zoom ---------------------------------------------------------------------
  // The frame around the page takes the page's own background.
  var backdrop = svg.querySelector('rect');
  if (backdrop) document.getElementById('map').style.backgroundColor = backdrop.getAttribute('fill');
  var hint = document.getElementById('hint');
  function hideHint() { hint.hidden = true; }
  svg.addEventListener('pointerdown', hideHint, { once: true });
  svg.addEventListener('wheel', hideHint, { once: true });
  var page = svg.viewBox.baseVal;
  var full = { x: page.x, y: page.y, w: page.width, h: page.height };
  var view = { x: full.x, y: full.y, w: full.w, h: full.h };
  function applyView() {
    svg.setAttribute('viewBox', view.x + ' ' + view.y + ' ' + view.w + ' ' + view.h);
  }
  function toPage(clientX, clientY) {
    var m = svg.getScreenCTM();
    if (!m) return { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    var pt = svg.createSVGPoint();
    pt.x = clientX;
    pt.y = clientY;
    var q = pt.matrixTransform(m.inverse());
    return { x: q.x, y: q.y };
  }
  function zoomAt(factor, at) {
    var w = Math.min(Math.max(view.w / factor, full.w / 80), full.w * 2);
    var f = view.w / w;
    view.x = at.x - (at.x - view.x) / f;
    view.y = at.y - (at.y - view.y) / f;
    view.w = w;
    view.h = view.h / f;
    applyView();
  }
  function center() { return { x: view.x + view.w / 2, y: view.y + view.h / 2 }; }
  function fit() { view = { x: full.x, y: full.y, w: full.w, h: full.h }; applyView(); }
  function centerOn(k) {
    var x = nodes[k];
    if (view.w > full.w / 3) {
      var f = view.w / (full.w / 3);
      view.w /= f;
      view.h /= f;
    }
    view.x = x.x - view.w / 2;
    view.y = x.y - view.h / 2;
    applyView();
  }
  document.getElementById('zoom-in').addEventListener('click', function () { zoomAt(1.4, center()); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoomAt(1 / 1.4, center()); });
  document.getElementById('fit').addEventListener('click', fit);
  svg.addEventListener('wheel', function (e) {
    e.preventDefault();
    zoomAt(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), toPage(e.clientX, e.clientY));
  }, { passive: false });

  var drag = null;
  svg.addEventListener('pointerdown', function (e) {
    if (e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, moved: false, id: e.pointerId };
  });
  svg.addEventListener('pointermove', function (e) {
    if (!drag || drag.id !== e.pointerId) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!drag.moved) {
      drag.moved = true;
      svg.setPointerCapture(e.pointerId);
      svg.classList.add('panning');
    }
    var m = svg.getScreenCTM();
    var k = m ? 1 / m.a : 1;
    view.x -= dx * k;
    view.y -= dy * k;
    drag.x = e.clientX;
    drag.y = e.clientY;
    applyView();
  });
  var dragged = false; // the click that ends a drag selects nothing
  function endDrag(e) {
    if (!drag || drag.id !== e.pointerId) return;
    dragged = drag.moved;
    svg.classList.remove('panning');
    drag = null;
  }
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  svg.addEventListener('click', function (e) {
    if (dragged) { dragged = false; return; }
    var hit = e.target.closest('[data-n]');
    select(hit ? { n: +hit.dataset.n } : null, true);
  }, true);
  svg.addEventListener('keydown', function (e) {
    var hit = e.target.closest && e.target.closest('g.node');
    if (hit && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      select({ n: +hit.dataset.n }, true);
    }
  });
  svg.addEventListener('focusin', function (e) {
    var hit = e.target.closest && e.target.closest('g.node');
    if (!hit) return;
    var x = nodes[+hit.dataset.n];
    if (x.x < view.x || x.x > view.x + view.w || x.y < view.y || x.y > view.y + view.h) {
      view.x = x.x - view.w / 2;
      view.y = x.y - view.h / 2;
      applyView();
    }
  });
  document.addEventListener('keydown', function (e) {
    var typing = e.target && (e.target.tagName === 'INPUT' || e.target.tagName === 'SELECT');
    if (e.key === 'Escape' && !typing) select(null);
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === '+' || e.key === '=') zoomAt(1.4, center());
    else if (e.key === '-') zoomAt(1 / 1.4, center());
    else if (e.key === '0') fit();
  });

  // ---- tabs and the matrix --------------------------------------------------------------
  var mapView = document.getElementById('map-view');
  var matrixView = document.getElementById('matrix-view');
  var tabMap = document.getElementById('tab-map');
  var tabMatrix = document.getElementById('tab-matrix');
  var orderBox = document.getElementById('order');
  D.orders.forEach(function (o, k) {
    var option = el('option', null, o.label);
    option.value = String(k);
    orderBox.append(option);
  });
  orderBox.addEventListener('change', renderMatrix);
  function showTab(matrix) {
    mapView.hidden = matrix;
    matrixView.hidden = !matrix;
    tabMap.setAttribute('aria-selected', String(!matrix));
    tabMatrix.setAttribute('aria-selected', String(matrix));
    document.querySelectorAll('.zoom button').forEach(function (b) { b.disabled = matrix; });
    if (matrix) renderMatrix();
  }
  tabMap.addEventListener('click', function () { showTab(false); });
  tabMatrix.addEventListener('click', function () { showTab(true); });
  if (!D.orders.length) tabMatrix.hidden = true;

  var cells = null; // actor * N + issue -> positions, in date order
  function cellMap() {
    if (cells) return cells;
    cells = new Map();
    P.forEach(function (p, k) {
      var key = p.a * N + p.i;
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(k);
    });
    cells.forEach(function (list) { list.sort(byDate); });
    return cells;
  }
  var matrixRows = [], matrixCols = [];
  function renderMatrix() {
    var box = document.getElementById('matrix');
    box.textContent = '';
    var order = D.orders[+orderBox.value || 0];
    if (!order) return;
    var map = cellMap();
    var q = fold(searchBox.value.trim());
    matrixCols = order.cols.filter(function (i) { return issueOn[i] && visibleCount[i] > 0; });
    matrixRows = order.rows.filter(function (a) {
      return visibleCount[a] > 0 && (q === '' || folded[a].indexOf(q) >= 0);
    });
    document.getElementById('matrix-count').textContent =
      plural(matrixRows.length, 'actor', 'actors') + ' \u00d7 ' + plural(matrixCols.length, 'issue', 'issues');
    var table = el('table');
    var head = el('thead');
    var top = el('tr');
    var corner = el('th', 'corner', 'Actor \\ Issue');
    corner.scope = 'col';
    top.append(corner);
    matrixCols.forEach(function (i) {
      var th = el('th', 'col');
      th.scope = 'col';
      var b = el('button', 'link', nodes[i].n);
      b.type = 'button';
      b.title = nodes[i].n;
      th.append(b);
      top.append(th);
    });
    head.append(top);
    table.append(head);
    var body = el('tbody');
    matrixRows.forEach(function (a) {
      var tr = el('tr');
      var th = el('th', 'row');
      th.scope = 'row';
      var b = el('button', 'link', nodes[a].n);
      b.type = 'button';
      th.append(b);
      tr.append(th);
      matrixCols.forEach(function (i) {
        var td = document.createElement('td');
        var list = map.get(a * N + i);
        if (list) {
          var seen = list.filter(function (k) { return shown(P[k]); });
          if (seen.length) {
            var last = P[seen[seen.length - 1]];
            td.style.backgroundColor = D.stances[last.s].color;
            if (seen.some(function (k) { return P[k].s !== last.s; })) td.className = 'changed';
          }
        }
        tr.append(td);
      });
      body.append(tr);
    });
    table.append(body);
    box.append(table);
  }
  function cellOf(target) {
    var td = target.closest('td');
    if (!td) return null;
    var c = td.cellIndex - 1, r = td.parentNode.sectionRowIndex;
    return { a: matrixRows[r], i: matrixCols[c] };
  }
  var matrixBox = document.getElementById('matrix');
  matrixBox.addEventListener('click', function (e) {
    var cell = cellOf(e.target);
    if (cell) { select(cell, true); return; }
    var th = e.target.closest('th');
    if (!th || th.classList.contains('corner')) return;
    if (th.classList.contains('col')) select({ n: matrixCols[th.cellIndex - 1] }, true);
    else select({ n: matrixRows[th.parentNode.sectionRowIndex] }, true);
  });
  matrixBox.addEventListener('mouseover', function (e) {
    var cell = cellOf(e.target);
    if (!cell) return;
    var list = (cellMap().get(cell.a * N + cell.i) || []).filter(function (k) { return shown(P[k]); });
    var text = nodes[cell.a].n + ' on ' + nodes[cell.i].n + ': ';
    text += list.length ? list.map(function (k) { return D.stances[P[k].s].label; }).join(', then ') : 'no position';
    e.target.closest('td').title = text;
  });

  // ---- start ----------------------------------------------------------------------------
  update();
  if (D.selected !== null && D.selected !== undefined) select({ n: D.selected }, false);
  document.body.dataset.ready = String(Math.round(performance.now()));
})();
