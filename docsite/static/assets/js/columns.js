// quill docs: column-level lineage. One column is selected; every column it
// derives from (transitively, upstream) and every column derived from it
// (downstream) is listed by distance and drawn across the nodes that hold
// them, placed as in the whole-project drawing. Clicking any column
// selects it, so a column can be followed hop by hop in both directions.
(function (Q) {
  'use strict';

  var HEAD = 24, ROW = 18, PAD = 6;

  function hopList(data, id, title, items, cls) {
    var ul = Q.el('ol', { id: id, 'class': 'hops' });
    items.forEach(function (it) {
      ul.appendChild(Q.el('li', null, Q.colLink(data, it.ref, cls),
        Q.el('span', { 'class': 'muted' }, ' ' + it.hops + (it.hops === 1 ? ' hop' : ' hops'))));
    });
    if (!items.length) ul.appendChild(Q.el('li', { 'class': 'muted' }, 'none'));
    return Q.el('div', { 'class': 'card' }, Q.el('h2', null, title + ' (' + items.length + ')'), ul);
  }

  // columnRow draws one column inside its node's box.
  function columnRow(data, ref, x, y, w, role) {
    var c = data.nodes[ref[0]].columns[ref[1]];
    return Q.svg('a', { href: Q.colHref(data, ref), 'class': 'col-row ' + role, 'data-col': Q.colName(data, ref) },
      Q.svg('title', null, Q.colName(data, ref) + (c.type ? ' ' + c.type : '')),
      Q.svg('rect', { x: x + 4, y: y, width: w - 8, height: ROW - 2, rx: 2 }),
      Q.svg('text', { x: x + 10, y: y + 12 }, Q.truncate(c.name + (c.type ? ' : ' + c.type : ''), 30)));
  }

  // renderColumn draws the lineage of column ref ([node, column]).
  Q.renderColumn = function (app, main, ref) {
    var data = app.data;
    var n = data.nodes[ref[0]];
    var col = n.columns[ref[1]];
    var up = Q.columnClosure(data, ref, 'from');
    var down = Q.columnClosure(data, ref, 'to');
    var role = new Map([[Q.colKey(ref), 'sel']]);
    up.forEach(function (it) { role.set(Q.colKey(it.ref), 'up'); });
    down.forEach(function (it) { role.set(Q.colKey(it.ref), 'down'); });
    var byNode = new Map();
    [{ ref: ref }].concat(up, down).forEach(function (it) {
      if (!byNode.has(it.ref[0])) byNode.set(it.ref[0], []);
      byNode.get(it.ref[0]).push(it.ref[1]);
    });
    byNode.forEach(function (cols) { cols.sort(function (a, b) { return a - b; }); });

    main.appendChild(Q.el('div', { 'class': 'toolbar' },
      Q.el('h1', { id: 'column-name' }, Q.colName(data, ref)),
      col.type ? Q.el('span', { 'class': 'badge' }, col.type) : '',
      Q.el('a', { href: Q.nodeHref(n), 'class': 'button' }, 'Open ' + n.name)));
    var other = (col.from_other || []).length ? Q.el('p', { 'class': 'muted' },
      'Also derives from columns outside the project: ' + col.from_other.join(', ')) : '';
    main.appendChild(Q.el('div', { 'class': 'two' },
      hopList(data, 'col-upstream', 'Upstream columns', up, 'up'),
      hopList(data, 'col-downstream', 'Downstream columns', down, 'down')));
    if (other) main.appendChild(other);

    var nodes = Array.from(byNode.keys());
    var p = Q.project(data, nodes, function (i) { return HEAD + byNode.get(i).length * ROW + PAD; });
    var rowAt = new Map(); // column key → y of its row's middle
    var boxes = nodes.map(function (i) {
      var q = p.pos.get(i);
      var m = data.nodes[i];
      var rows = byNode.get(i).map(function (ci, k) {
        var y = q.y + HEAD + k * ROW;
        rowAt.set(i + ':' + ci, y + ROW / 2 - 1);
        return columnRow(data, [i, ci], q.x, y, p.nodeWidth, role.get(i + ':' + ci));
      });
      return { id: m.id, x: q.x, y: q.y, w: p.nodeWidth, h: q.h, label: Q.truncate(m.name, 27),
        title: m.name + ' (' + m.kind + ')', href: Q.nodeHref(m), cls: 'kind-' + m.kind + ' holder', rows: rows };
    });
    var edges = [];
    byNode.forEach(function (cols, i) {
      cols.forEach(function (ci) {
        data.nodes[i].columns[ci].from.forEach(function (r) {
          var k = Q.colKey(r);
          if (!role.has(k)) return; // a sibling branch, not on this column's lineage
          var a = p.pos.get(r[0]), b = p.pos.get(i);
          edges.push({ points: [a.x + p.nodeWidth - 4, rowAt.get(k), b.x + 4, rowAt.get(i + ':' + ci)],
            cls: role.get(i + ':' + ci) === 'up' || role.get(k) === 'up' ? 'up' : 'down' });
        });
      });
    });
    Q.drawGraph(main, { id: 'lineage', cls: 'columns', boxes: boxes, edges: edges, width: p.width, height: p.height, arrows: true });
  };
})(window.QuillDocs = window.QuillDocs || {});
