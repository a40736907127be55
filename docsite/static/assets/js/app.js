// quill docs: start-up and routing. Every view is a function of the address
// (#/…), so links, Back and reloads all work from file:// with no server.
(function (Q) {
  'use strict';

  var VERSION = 1; // the data version these scripts read (docsite.SiteVersion)

  function notFound(main, what) {
    main.appendChild(Q.el('div', { 'class': 'card' }, Q.el('h1', null, 'Not found'),
      Q.el('p', null, what + ' is not in this project. '), Q.el('a', { href: '#/' }, 'Back to the node list')));
  }

  // route draws the view the address names.
  function route(app) {
    var started = performance.now();
    var h = Q.parseHash(location.hash);
    var main = Q.clear(app.main);
    var p = h.path;
    var ni = p.length > 1 ? app.byId.get(p[1]) : undefined;
    var view = p[0] || 'nodes';
    if (view === 'nodes') Q.renderList(app, main, h.query);
    else if (view === 'dag' && p.length === 1) Q.renderDag(app, main);
    else if (view === 'schemas') Q.renderSchemas(app, main);
    else if ((view === 'node' || view === 'dag' || view === 'column') && ni === undefined) notFound(main, 'Node ' + p[1]);
    else if (view === 'node') Q.renderNode(app, main, ni);
    else if (view === 'dag') {
      var level = function (v) { var x = parseInt(v, 10); return isNaN(x) ? 2 : Math.max(0, Math.min(20, x)); };
      Q.renderFocus(app, main, ni, level(h.query.up), level(h.query.down));
    } else if (view === 'column') {
      var ci = app.data.nodes[ni].columns.findIndex(function (c) { return c.name === p[2]; });
      if (ci < 0) notFound(main, 'Column ' + p[1] + '.' + p[2]);
      else Q.renderColumn(app, main, [ni, ci]);
    } else notFound(main, 'Page ' + location.hash);
    document.querySelectorAll('header nav a').forEach(function (a) {
      a.classList.toggle('active', a.getAttribute('href') === '#/' + (view === 'nodes' ? '' : view));
    });
    // How long the view took to draw, read by the browser tests and shown
    // to curious users in the element inspector.
    document.documentElement.setAttribute('data-view', view);
    document.documentElement.setAttribute('data-route', location.hash);
    document.documentElement.setAttribute('data-render-ms', (performance.now() - started).toFixed(1));
    if (view !== 'nodes') window.scrollTo(0, 0);
  }

  function start() {
    var data = window.QUILL_DOCS;
    var main = document.getElementById('main');
    if (!data || data.version !== VERSION) {
      Q.clear(main).appendChild(Q.el('p', { 'class': 'error' },
        'data.js is missing or was written by another version of quill; run quill docs again.'));
      return;
    }
    var app = { data: data, main: main, byId: new Map() };
    data.nodes.forEach(function (n, i) { app.byId.set(n.id, i); });
    document.getElementById('project').textContent = data.project + ' · target ' + data.target;
    document.title = data.project + ' · quill docs';
    if (data.run) {
      document.getElementById('run').appendChild(Q.el('span', null, 'last run ' + data.run.id + ' ',
        Q.statusBadge(data.run.status)));
    }
    window.addEventListener('hashchange', function () { route(app); });
    route(app);
    document.documentElement.setAttribute('data-ready-ms', performance.now().toFixed(1));
  }

  start();
})(window.QuillDocs = window.QuillDocs || {});
