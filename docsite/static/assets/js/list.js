// quill docs: the node list, with search and filters by kind, schema and
// tag. Rows are built once per visit and filtering only hides them, so
// typing stays instant at thousands of nodes. The filters live in the
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
    var tr = Q.el('tr', { 'data-id': n.id },
      Q.el('td', null, Q.nodeLink(n)),
      Q.el('td', null, Q.kindBadge(n)),
      Q.el('td', null, n.schema),
      Q.el('td', null, n.materialized || ''),
      Q.el('td', null, n.tags.join(', ')),
      Q.el('td', { 'class': 'num' }, String(n.columns.length)),
      Q.el('td', null, n.run ? Q.statusBadge(n.run.status) : ''));
    // Lower-cased once: what the search box matches against.
    tr.searchText = (n.name + ' ' + n.file + ' ' + (n.description || '')).toLowerCase();
    return tr;
  }

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
    var rows = data.nodes.map(function (n) { return row(data, n); });
    rows.forEach(function (r) { tbody.appendChild(r); });

    function apply() {
      f.q = search.value.trim().toLowerCase();
      f.kind = kind.value; f.schema = schema.value; f.tag = tag.value;
      var shown = 0;
      data.nodes.forEach(function (n, i) {
        var ok = (!f.q || rows[i].searchText.indexOf(f.q) >= 0) &&
          (!f.kind || n.kind === f.kind) &&
          (!f.schema || schemaOf(n) === f.schema) &&
          (!f.tag || n.tags.indexOf(f.tag) >= 0);
        rows[i].hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown + ' of ' + data.nodes.length + ' nodes';
      var q = [];
      ['q', 'kind', 'schema', 'tag'].forEach(function (k) {
        if (f[k]) q.push(k + '=' + encodeURIComponent(f[k]));
      });
      // replaceState, not location.hash: no hashchange, so no re-render
      // that would take the focus away from the search box.
      history.replaceState(null, '', '#/' + (q.length ? '?' + q.join('&') : ''));
    }
    search.addEventListener('input', apply);
    [kind, schema, tag].forEach(function (s) { s.addEventListener('change', apply); });

    main.appendChild(Q.el('div', { 'class': 'toolbar' }, search, kind, schema, tag, count));
    main.appendChild(Q.el('table', { id: 'node-list', 'class': 'grid' },
      Q.el('thead', null, Q.el('tr', null,
        ['Name', 'Kind', 'Schema', 'Materialized', 'Tags', 'Columns', 'Last run'].map(function (h) {
          return Q.el('th', null, h);
        }))),
      tbody));
    apply();
    search.focus();
  };
})(window.QuillDocs = window.QuillDocs || {});
