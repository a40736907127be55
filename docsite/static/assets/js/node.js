// quill docs: a node's page: what it is, where it sits, its columns with
// their lineage both ways, its checks with their last results, its last
// run and its SQL.
(function (Q) {
  'use strict';

  function meta(rows) {
    var dl = Q.el('dl', { 'class': 'meta' });
    rows.forEach(function (r) {
      if (r[1] === '' || r[1] === null || r[1] === undefined || (Array.isArray(r[1]) && !r[1].length)) return;
      dl.appendChild(Q.el('dt', null, r[0]));
      dl.appendChild(Q.el('dd', null, r[1]));
    });
    return dl;
  }

  function nodeLinks(data, idx) {
    if (!idx.length) return Q.el('span', { 'class': 'muted' }, 'none');
    return Q.list(idx.map(function (i) { return Q.nodeLink(data.nodes[i]); }));
  }

  function refs(data, list, cls) {
    if (!list.length) return '';
    return Q.list(list.map(function (r) { return Q.colLink(data, r, cls); }), Q.el('br'));
  }

  function columns(data, ni, n) {
    var sec = Q.section('Columns (' + n.columns.length + ')');
    if (!n.columns.length) {
      sec.appendChild(Q.el('p', { 'class': 'muted' }, 'The manifest lists no columns for this node.'));
      return sec;
    }
    var tbody = Q.el('tbody');
    n.columns.forEach(function (c, ci) {
      var from = refs(data, c.from, 'up');
      var other = (c.from_other || []).map(function (s) { return Q.el('span', { 'class': 'muted' }, s); });
      tbody.appendChild(Q.el('tr', { 'data-column': c.name },
        Q.el('td', null, Q.el('a', { href: Q.colHref(data, [ni, ci]), 'class': 'col-name', title: 'column lineage' }, c.name)),
        Q.el('td', null, c.type || ''),
        Q.el('td', { 'class': 'upstream' }, from, other.length ? Q.list(other, Q.el('br')) : '',
          !c.from.length && !other.length && n.kind === 'model' ? Q.el('span', { 'class': 'muted' }, 'constant') : ''),
        Q.el('td', { 'class': 'downstream' }, refs(data, c.to, 'down'))));
    });
    sec.appendChild(Q.el('table', { id: 'columns', 'class': 'grid' },
      Q.el('thead', null, Q.el('tr', null, Q.el('th', null, 'Column'), Q.el('th', null, 'Type'),
        Q.el('th', null, 'Upstream columns'), Q.el('th', null, 'Downstream columns'))),
      tbody));
    return sec;
  }

  // checkDetail says what a check compares, in the terms of SPEC §10.
  function checkDetail(c) {
    var parts = [];
    if (c.op) parts.push(c.op + (c.of ? ' ' + c.of : ''));
    else if (c.of) parts.push('of ' + c.of);
    if (c.values) parts.push('in (' + c.values.join(', ') + ')');
    if (c.expr) parts.push(c.expr);
    if (c.min !== undefined) parts.push('min ' + c.min);
    if (c.max !== undefined) parts.push('max ' + c.max);
    if (c.max_age) parts.push('max age ' + c.max_age);
    return parts.join('; ');
  }

  function result(r) {
    if (!r) return Q.el('span', { 'class': 'muted' }, 'not run');
    return [Q.statusBadge(r.status), r.failures ? ' ' + r.failures + ' failing' : '',
      r.error ? Q.el('div', { 'class': 'error' }, r.error) : ''];
  }

  function checks(n) {
    var sec = Q.section('Checks (' + n.checks.length + ')');
    var all = n.checks.concat((n.other_checks || []).map(function (r) {
      return { kind: r.kind, columns: r.columns, rule: r.rule, result: r, other: true };
    }));
    if (!all.length) {
      sec.appendChild(Q.el('p', { 'class': 'muted' }, 'No checks.'));
      return sec;
    }
    var tbody = Q.el('tbody');
    all.forEach(function (c) {
      tbody.appendChild(Q.el('tr', null,
        Q.el('td', null, c.kind),
        Q.el('td', null, (c.columns || []).join(', ')),
        Q.el('td', { 'class': 'mono' }, checkDetail(c)),
        Q.el('td', null, Q.el('span', { 'class': 'rule' + (c.rule === 'declared' ? '' : ' inferred') }, c.rule || '')),
        Q.el('td', null, c.other ? 'not in manifest' : (c.gate ? 'gate' : (c.severity || 'warn'))),
        Q.el('td', { 'class': 'result' }, result(c.result))));
    });
    sec.appendChild(Q.el('table', { id: 'checks', 'class': 'grid' },
      Q.el('thead', null, Q.el('tr', null, ['Check', 'Columns', 'Rule details', 'Inferred by', 'Effect', 'Last result'].map(function (h) {
        return Q.el('th', null, h);
      }))), tbody));
    return sec;
  }

  function lastRun(data, n) {
    var sec = Q.section('Last run');
    if (!n.run) {
      sec.appendChild(Q.el('p', { 'class': 'muted' }, data.run ? 'Not part of run ' + data.run.id + '.' : 'No run results were given.'));
      return sec;
    }
    var r = n.run;
    sec.appendChild(meta([
      ['Run', data.run.id + (data.run.finished_at ? ' (finished ' + data.run.finished_at + ')' : '')],
      ['Status', Q.statusBadge(r.status)], ['Action', r.action], ['Rows', String(r.rows)],
      ['Seconds', r.seconds.toFixed(3)], ['Retries', String(r.retries)],
      ['Error', r.error ? Q.el('span', { 'class': 'error' }, r.error) : ''], ['Reason', r.reason]]));
    return sec;
  }

  function sql(n) {
    var sec = Q.section('SQL');
    var compiled = n.compiled_same ? n.raw_sql : n.compiled_sql;
    if (!compiled && !n.raw_sql) {
      sec.appendChild(Q.el('p', { 'class': 'muted' }, 'Declared in ' + n.file + '; no SQL.'));
      return sec;
    }
    if (compiled) {
      sec.appendChild(Q.el('h3', null, 'Compiled' + (n.compiled_same ? ' (the same as written, in ' + n.file + ')' : '')));
      sec.appendChild(Q.highlightSQL(compiled));
    }
    if (n.raw_sql && !n.compiled_same) {
      sec.appendChild(Q.el('details', { id: 'raw-sql', open: compiled ? null : '' },
        Q.el('summary', null, 'As written (' + n.file + ')'), Q.highlightSQL(n.raw_sql)));
    }
    return sec;
  }

  // renderNode draws node ni's page into main.
  Q.renderNode = function (app, main, ni) {
    var data = app.data;
    var n = data.nodes[ni];
    main.appendChild(Q.el('div', { 'class': 'node-head' },
      Q.el('h1', { id: 'node-name' }, n.name), Q.kindBadge(n),
      n.materialized ? Q.el('span', { 'class': 'badge' }, n.materialized) : '',
      n.run ? Q.statusBadge(n.run.status) : '',
      Q.el('a', { 'class': 'button', href: Q.focusHref(n, 2, 2), id: 'focus-link' }, 'DAG around this node')));
    if (n.description) main.appendChild(Q.el('p', { 'class': 'description' }, n.description));
    var about = Q.section('About');
    about.appendChild(meta([
      ['File', Q.el('code', null, n.file)], ['Relation', n.relation ? Q.el('code', null, n.relation) : ''],
      ['Materialized', n.materialized], ['Primary key', (n.primary_key || []).join(', ')],
      ['Tags', n.tags.join(', ')],
      ['Upstream', Q.el('span', { id: 'upstream' }, nodeLinks(data, n.upstream))],
      ['Downstream', Q.el('span', { id: 'downstream' }, nodeLinks(data, n.downstream))],
      ['Reads outside the project', (n.external || []).join(', ')]]));
    main.appendChild(about);
    main.appendChild(columns(data, ni, n));
    main.appendChild(checks(n));
    main.appendChild(lastRun(data, n));
    main.appendChild(sql(n));
  };
})(window.QuillDocs = window.QuillDocs || {});
