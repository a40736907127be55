// quill docs: the DAG views: the whole project as laid out at generation
// time, the project collapsed by schema, and the nodes around one node.
(function (Q) {
  'use strict';

  var LABEL_CHARS = 27; // what fits in a 190px box at the stylesheet's font size

  function box(n, i, x, y, w, h, cls) {
    return { id: n.id, x: x, y: y, w: w, h: h, label: Q.truncate(n.name, LABEL_CHARS),
      title: n.name + ' (' + n.kind + ')', href: Q.nodeHref(n), cls: 'kind-' + n.kind + (cls ? ' ' + cls : '') };
  }

  // highlightOnHover lights a node's edges while the pointer is on it.
  function highlightOnHover(drawn, edgesOf) {
    drawn.boxes.forEach(function (el, i) {
      el.addEventListener('mouseenter', function () {
        edgesOf[i].forEach(function (e) { drawn.edges[e].classList.add('hl'); });
      });
      el.addEventListener('mouseleave', function () {
        edgesOf[i].forEach(function (e) { drawn.edges[e].classList.remove('hl'); });
      });
    });
  }

  function heading(main, title, facts, links) {
    main.appendChild(Q.el('div', { 'class': 'toolbar' }, Q.el('h1', null, title),
      Q.el('span', { 'class': 'muted', id: 'graph-facts' }, facts), links || ''));
  }

  // renderDag draws every node and edge of the project.
  Q.renderDag = function (app, main) {
    var data = app.data;
    var L = data.layout;
    heading(main, 'Project DAG', data.nodes.length + ' nodes, ' + data.edges.length + ' edges, ' +
      L.layers + ' layers, ' + L.crossings + ' crossings. Wheel to zoom, drag to pan, click a node to open it.',
      Q.el('a', { href: '#/schemas', 'class': 'button' }, 'Collapse by schema'));
    var boxes = data.nodes.map(function (n, i) {
      return box(n, i, L.x[i], L.y[i], L.node_width, L.node_height);
    });
    var edges = L.paths.map(function (p) { return { points: p }; });
    var drawn = Q.drawGraph(main, { id: 'dag', cls: 'whole' + (data.nodes.length > 300 ? ' large' : ''),
      boxes: boxes, edges: edges, width: L.width, height: L.height, arrows: data.nodes.length <= 300 });
    highlightOnHover(drawn, Q.edgesByNode(data));
  };

  // renderSchemas draws one box per schema; a box opens the node list
  // filtered to that schema.
  Q.renderSchemas = function (app, main) {
    var v = app.data.schemas;
    var L = v.layout;
    heading(main, 'Schemas', v.names.length + ' schemas, ' + v.edges.length + ' dependencies between them. Click a schema to list its nodes.',
      Q.el('a', { href: '#/dag', 'class': 'button' }, 'Every node'));
    var boxes = v.names.map(function (name, i) {
      return { id: name, x: L.x[i], y: L.y[i], w: L.node_width, h: L.node_height,
        label: Q.truncate(name + ' (' + v.sizes[i] + ')', LABEL_CHARS), title: name + ': ' + v.sizes[i] + ' nodes',
        href: '#/?schema=' + encodeURIComponent(name), cls: 'schema' };
    });
    var most = Math.max.apply(null, v.weights.concat([1]));
    var drawn = Q.drawGraph(main, { id: 'schemas', boxes: boxes, width: L.width, height: L.height, arrows: true,
      edges: L.paths.map(function (p) { return { points: p }; }) });
    // Stroke width grows with the number of node edges a schema edge stands for.
    drawn.edges.forEach(function (el, i) {
      el.style.strokeWidth = (1 + 3 * Math.log(1 + v.weights[i]) / Math.log(1 + most)).toFixed(2) + 'px';
      el.appendChild(Q.svg('title', null, v.weights[i] + ' dependencies'));
    });
  };

  function levelInput(label, value, onChange) {
    var input = Q.el('input', { type: 'number', min: '0', max: '20', value: String(value), id: 'levels-' + label, 'class': 'levels' });
    input.addEventListener('change', function () { onChange(Math.max(0, Math.min(20, parseInt(input.value, 10) || 0))); });
    return Q.el('label', null, label + ' ', input);
  }

  // renderFocus draws the nodes up to `up` levels upstream and `down`
  // levels downstream of node c, placed as in the whole drawing.
  Q.renderFocus = function (app, main, c, up, down) {
    var data = app.data;
    var n = data.nodes[c];
    var dist = Q.neighbourhood(data, c, up, down);
    var nodes = Array.from(dist.keys());
    var L = data.layout;
    var p = Q.project(data, nodes, function () { return L.node_height; });
    var edges = [];
    data.edges.forEach(function (e) {
      var a = p.pos.get(e[0]), b = p.pos.get(e[1]);
      if (!a || !b) return;
      edges.push({ points: [a.x + p.nodeWidth, a.y + a.h / 2, b.x, b.y + b.h / 2], cls: e[0] === c || e[1] === c ? 'direct' : '' });
    });
    var go = function (u, d) { location.hash = Q.focusHref(n, u, d); };
    heading(main, 'Around ' + n.name, nodes.length + ' nodes, ' + edges.length + ' edges.',
      [levelInput('up', up, function (u) { go(u, down); }), levelInput('down', down, function (d) { go(up, d); }),
        Q.el('a', { href: Q.nodeHref(n), 'class': 'button' }, 'Open ' + n.name)]);
    var boxes = nodes.map(function (i) {
      var q = p.pos.get(i);
      var d = dist.get(i);
      return box(data.nodes[i], i, q.x, q.y, p.nodeWidth, q.h, d === 0 ? 'centre' : d < 0 ? 'up' : 'down');
    });
    Q.drawGraph(main, { id: 'focus', boxes: boxes, edges: edges, width: p.width, height: p.height, arrows: true });
  };
})(window.QuillDocs = window.QuillDocs || {});
