// quill docs: DOM helpers, addresses and formatting shared by every view.
// Each script adds to one namespace object; data.js sets the data global.
(function (Q) {
  'use strict';

  var SVGNS = 'http://www.w3.org/2000/svg';

  // append adds children (nodes, strings, arrays, null) to an element.
  function append(e, kids) {
    for (var i = 0; i < kids.length; i++) {
      var k = kids[i];
      if (k === null || k === undefined || k === false) continue;
      if (Array.isArray(k)) append(e, k);
      else if (typeof k === 'object') e.appendChild(k);
      else e.appendChild(document.createTextNode(String(k)));
    }
    return e;
  }

  // attrs sets attributes; functions under "on…" keys become listeners.
  function attrs(e, a) {
    for (var k in a) {
      if (!Object.prototype.hasOwnProperty.call(a, k) || a[k] === null || a[k] === undefined) continue;
      if (k.slice(0, 2) === 'on' && typeof a[k] === 'function') e.addEventListener(k.slice(2), a[k]);
      else e.setAttribute(k, a[k]);
    }
    return e;
  }

  // el builds an HTML element: el('a', {href: '#/'}, 'text', child…).
  Q.el = function (tag, a) {
    return append(attrs(document.createElement(tag), a || {}), Array.prototype.slice.call(arguments, 2));
  };

  // svg builds an SVG element the same way.
  Q.svg = function (tag, a) {
    return append(attrs(document.createElementNS(SVGNS, tag), a || {}), Array.prototype.slice.call(arguments, 2));
  };

  Q.clear = function (e) {
    while (e.firstChild) e.removeChild(e.firstChild);
    return e;
  };

  // Addresses. Node ids hold dots and may hold a colon, so every part is
  // URI-encoded; the router decodes them.
  Q.nodeHref = function (n) { return '#/node/' + encodeURIComponent(n.id); };
  Q.colHref = function (data, ref) {
    var n = data.nodes[ref[0]];
    return '#/column/' + encodeURIComponent(n.id) + '/' + encodeURIComponent(n.columns[ref[1]].name);
  };
  Q.focusHref = function (n, up, down) {
    return '#/dag/' + encodeURIComponent(n.id) + '?up=' + up + '&down=' + down;
  };

  // parseHash splits "#/a/b?x=1" into path segments and a query object.
  Q.parseHash = function (hash) {
    var h = (hash || '').replace(/^#\/?/, '');
    var q = {};
    var at = h.indexOf('?');
    if (at >= 0) {
      h.slice(at + 1).split('&').forEach(function (kv) {
        if (!kv) return;
        var i = kv.indexOf('=');
        var k = i < 0 ? kv : kv.slice(0, i);
        q[decodeURIComponent(k)] = i < 0 ? '' : decodeURIComponent(kv.slice(i + 1));
      });
      h = h.slice(0, at);
    }
    var path = h ? h.split('/').map(decodeURIComponent) : [];
    return { path: path, query: q };
  };

  // colName is a column's full name, as the manifest writes it.
  Q.colName = function (data, ref) {
    var n = data.nodes[ref[0]];
    return n.name + '.' + n.columns[ref[1]].name;
  };

  Q.kindBadge = function (n) {
    return Q.el('span', { 'class': 'badge kind-' + n.kind }, n.kind + (n.type ? ' · ' + n.type : ''));
  };

  Q.statusBadge = function (status) {
    return Q.el('span', { 'class': 'badge status-' + status }, status);
  };

  // nodeLink is a link to a node's page, with its kind as a coloured dot.
  Q.nodeLink = function (n) {
    return Q.el('a', { href: Q.nodeHref(n), 'class': 'node-link kind-' + n.kind, title: n.kind }, n.name);
  };

  Q.colLink = function (data, ref, cls) {
    return Q.el('a', { href: Q.colHref(data, ref), 'class': 'col-link' + (cls ? ' ' + cls : '') }, Q.colName(data, ref));
  };

  Q.list = function (items, sep) {
    var out = [];
    items.forEach(function (it, i) {
      if (i > 0) out.push(sep === undefined ? ', ' : sep);
      out.push(it);
    });
    return out;
  };

  Q.truncate = function (s, n) {
    return s.length <= n ? s : s.slice(0, n - 1) + '…';
  };

  Q.section = function (title) {
    return Q.el('section', { 'class': 'card' }, Q.el('h2', null, title));
  };
})(window.QuillDocs = window.QuillDocs || {});
