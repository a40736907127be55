// quill docs: the node list, with search and filters by kind, schema and
// tag. Filtering runs over the data, and only the first few hundred
// matching rows are drawn (each built once per visit), so typing stays
// instant at thousands of nodes. The filters live in the
// address (#/?q=…&kind=…) so Back returns to the same list.
(function (Q) {
  'use strict';

  function options(label, values, current) {
    var sel = Q.el('select', { 'aria-label': label, 'class': 'filter' },
      Q.el('option', { value: '' }, 'all ' + label + 's'));
    values.forEach(function (v) {
      var o = Q.el('option', { value: v }, v);
      if (v === current) o.selected = true;
      sel.appendChild(o);
    });
    return sel;
  }

  // schemaOf names the schema filter's choice for a node; sinks have none.
  function schemaOf(n) { return n.schema || '(none)'; }

  function distinct(data, f) {
    var s = new Set();
    data.nodes.forEach(function (n) { [].concat(f(n)).forEach(function (v) { s.add(v); }); });
    return Array.from(s).sort();
  }

  function row(data, n) {
    return Q.el('tr', { 'data-id': n.id },
      Q.el('td', null, Q.nodeLink(n)),
      Q.el('td', null, Q.kindBadge(n)),
      Q.el('td', null, n.schema),
      Q.el('td', null, n.materialized || ''),
      Q.el('td', null, n.tags.join(', ')),
      Q.el('td', { 'class': 'num' }, String(n.columns.length)),
      Q.el('td', null, n.run ? Q.statusBadge(n.run.status) : ''));
  }

  // LIMIT is how many matching rows are drawn until the user asks for all:
  // building thousands of table rows costs a second, a few hundred do not.
  var LIMIT = 300;

  // renderList draws the list into main; query holds the filters.
  Q.renderList = function (app, main, query) {
    var data = app.data;
    var f = { q: query.q || '', kind: query.kind || '', schema: query.schema || '', tag: query.tag || '' };
    var search = Q.el('input', { id: 'search', type: 'search', placeholder: 'Search nodes…', value: f.q, autocomplete: 'off' });
    var kind = options('kind', distinct(data, function (n) { return n.kind; }), f.kind);
    var schema = options('schema', distinct(data, schemaOf), f.schema);
    var tag = options('tag', distinct(data, function (n) { return n.tags; }), f.tag);
    var count = Q.el('span', { id: 'count', 'class': 'muted' });
    var tbody = Q.el('tbody');
    var more = Q.el('button', { id: 'show-all', type: 'button', 'class': 'button', hidden: '' });
    var limit = LIMIT;
    var rows = []; // built on first display, then reused
    var lower = data.nodes.map(function (n) {
      return (n.name + ' ' + n.file + ' ' + (n.description || '')).toLowerCase();
    });

    function apply() {
      var started = performance.now();
      f.q = search.value.trim().toLowerCase();
      f.kind = kind.value; f.schema = schema.value; f.tag = tag.value;
      var shown = [];
      data.nodes.forEach(function (n, i) {
        if ((!f.q || lower[i].indexOf(f.q) >= 0) &&
          (!f.kind || n.kind === f.kind) &&
          (!f.schema || schemaOf(n) === f.schema) &&
          (!f.tag || n.tags.indexOf(f.tag) >= 0)) shown.push(i);
      });
      tbody.replaceChildren.apply(tbody, shown.slice(0, limit).map(function (i) {
        return rows[i] || (rows[i] = row(data, data.nodes[i]));
      }));
      count.textContent = shown.length + ' of ' + data.nodes.length + ' nodes';
      more.hidden = shown.length <= limit;
      more.textContent = 'Show all ' + shown.length;
      var q = [];
      ['q', 'kind', 'schema', 'tag'].forEach(function (k) {
        if (f[k]) q.push(k + '=' + encodeURIComponent(f[k]));
      });
      // replaceState, not location.hash: no hashchange, so no re-render
      // that would take the focus away from the search box.
      history.replaceState(null, '', '#/' + (q.length ? '?' + q.join('&') : ''));
      document.documentElement.setAttribute('data-filter-ms', (performance.now() - started).toFixed(1));
    }
    search.addEventListener('input', function () { limit = LIMIT; apply(); });
    [kind, schema, tag].forEach(function (s) { s.addEventListener('change', function () { limit = LIMIT; apply(); }); });
    more.addEventListener('click', function () { limit = Infinity; apply(); });

    main.appendChild(Q.el('div', { 'class': 'toolbar' }, search, kind, schema, tag, count));
    main.appendChild(Q.el('table', { id: 'node-list', 'class': 'grid' },
      Q.el('thead', null, Q.el('tr', null,
        ['Name', 'Kind', 'Schema', 'Materialized', 'Tags', 'Columns', 'Last run'].map(function (h) {
          return Q.el('th', null, h);
        }))),
      tbody));
    main.appendChild(Q.el('p', null, more));
    apply();
    search.focus();
  };
})(window.QuillDocs = window.QuillDocs || {});
