// quill docs: drawing a laid-out graph as SVG, and projecting the global
// layout onto a subset of nodes for the views around one node or column.
(function (Q) {
  'use strict';

  // pathD turns a flattened polyline x0,y0,x1,y1,… into SVG path data:
  // straight along a layer (an edge passing through it), an S-curve with
  // horizontal ends between layers.
  Q.pathD = function (p) {
    var d = 'M' + p[0] + ' ' + p[1];
    for (var i = 2; i + 1 < p.length; i += 2) {
      var x0 = p[i - 2], y0 = p[i - 1], x = p[i], y = p[i + 1];
      if (y === y0) { d += 'L' + x + ' ' + y; continue; }
      var mx = (x0 + x) / 2;
      d += 'C' + mx + ' ' + y0 + ' ' + mx + ' ' + y + ' ' + x + ' ' + y;
    }
    return d;
  };

  // drawGraph draws boxes and edges into a new pannable SVG appended to
  // parent. A box is {x, y, w, h, label, title, href, cls, rows?}; an edge is
  // {points, cls}. It returns the svg, the pan/zoom controls and the drawn
  // elements in input order, for highlighting.
  Q.drawGraph = function (parent, spec) {
    var svg = Q.svg('svg', { 'class': 'graph ' + (spec.cls || ''), id: spec.id || null });
    var g = Q.svg('g');
    var edgeLayer = Q.svg('g', { 'class': 'edges' });
    var boxLayer = Q.svg('g', { 'class': 'boxes' });
    g.appendChild(edgeLayer);
    g.appendChild(boxLayer);
    svg.appendChild(Q.svg('defs', null,
      Q.svg('marker', { id: 'arrow', viewBox: '0 0 8 8', refX: '8', refY: '4', markerWidth: '8', markerHeight: '8', markerUnits: 'userSpaceOnUse', orient: 'auto' },
        Q.svg('path', { d: 'M0 0L8 4L0 8z', 'class': 'arrowhead' }))));
    svg.appendChild(g);
    var edgeEls = spec.edges.map(function (e) {
      var path = Q.svg('path', { d: Q.pathD(e.points), 'class': 'edge ' + (e.cls || ''), 'marker-end': spec.arrows ? 'url(#arrow)' : null });
      edgeLayer.appendChild(path);
      return path;
    });
    var boxEls = spec.boxes.map(function (b) {
      var box = Q.svg('a', { href: b.href, 'class': 'node ' + (b.cls || ''), 'data-id': b.id === undefined ? null : b.id },
        Q.svg('title', null, b.title || b.label),
        Q.svg('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 4 }),
        Q.svg('text', { x: b.x + 8, y: b.y + 16, 'class': 'label' }, b.label));
      boxLayer.appendChild(box);
      (b.rows || []).forEach(function (r) { boxLayer.appendChild(r); });
      return box;
    });
    var wrap = Q.el('div', { 'class': 'graph-wrap' }, svg);
    parent.appendChild(wrap);
    var pz = Q.panZoom(svg, g, spec.width, spec.height);
    wrap.appendChild(Q.zoomButtons(pz));
    pz.start();
    return { svg: svg, pz: pz, boxes: boxEls, edges: edgeEls };
  };

  // project places a subset of nodes with the global layers and in-layer
  // orders, packed: the layers used become consecutive columns, each column
  // is stacked in global order and centred on the tallest. height(i) gives
  // a node's box height. It returns {pos: Map(i → {x, y, h}), width, height}.
  Q.project = function (data, nodes, height) {
    var L = data.layout;
    var byLayer = new Map();
    nodes.forEach(function (i) {
      var l = L.layer[i];
      if (!byLayer.has(l)) byLayer.set(l, []);
      byLayer.get(l).push(i);
    });
    var layers = Array.from(byLayer.keys()).sort(function (a, b) { return a - b; });
    var gapX = 90, gapY = 14, w = L.node_width;
    var cols = layers.map(function (l) {
      var items = byLayer.get(l).sort(function (a, b) { return L.order[a] - L.order[b]; });
      var total = 0;
      items.forEach(function (i, k) { total += height(i) + (k ? gapY : 0); });
      return { items: items, total: total };
    });
    var tallest = Math.max.apply(null, cols.map(function (c) { return c.total; }).concat([0]));
    var pos = new Map();
    cols.forEach(function (c, ci) {
      var y = (tallest - c.total) / 2;
      c.items.forEach(function (i) {
        pos.set(i, { x: ci * (w + gapX), y: y, h: height(i) });
        y += height(i) + gapY;
      });
    });
    return { pos: pos, width: Math.max(0, layers.length * (w + gapX) - gapX), height: tallest, nodeWidth: w };
  };
})(window.QuillDocs = window.QuillDocs || {});
