// quill docs: SQL highlighting. A small tokenizer rather than a grammar:
// it only has to colour keywords, strings, numbers and comments, and it
// must never drop or reorder a character of the SQL it shows.
(function (Q) {
  'use strict';

  var KEYWORDS = new Set(('select from where group by order having limit offset join left right full inner ' +
    'outer cross on using as and or not in is null like ilike between case when then else end distinct ' +
    'union all except intersect with recursive insert into values update set delete create table view ' +
    'replace over partition rows range window asc desc nulls first last cast true false exists any ' +
    'lateral filter within natural interval coalesce count sum min max avg row_number rank dense_rank').split(' '));

  // One alternative per token class; the first that matches at a position wins.
  var TOKEN = /(--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:[^']|'')*'?)|("(?:[^"]|"")*"?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_$]*)|(\{\{[\s\S]*?(?:\}\}|$))/g;

  // highlight returns a <pre><code> of the SQL with spans per token class.
  Q.highlightSQL = function (sql) {
    var code = Q.el('code', { 'class': 'sql' });
    var last = 0;
    var m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(sql)) !== null) {
      if (m[0] === '') { TOKEN.lastIndex++; continue; }
      if (m.index > last) code.appendChild(document.createTextNode(sql.slice(last, m.index)));
      var cls = null;
      if (m[1]) cls = 'tok-comment';
      else if (m[2]) cls = 'tok-string';
      else if (m[3]) cls = 'tok-ident';
      else if (m[4]) cls = 'tok-number';
      else if (m[5]) cls = KEYWORDS.has(m[5].toLowerCase()) ? 'tok-keyword' : null;
      else if (m[6]) cls = 'tok-macro';
      code.appendChild(cls ? Q.el('span', { 'class': cls }, m[0]) : document.createTextNode(m[0]));
      last = TOKEN.lastIndex;
    }
    if (last < sql.length) code.appendChild(document.createTextNode(sql.slice(last)));
    return Q.el('pre', { 'class': 'sql-block' }, code);
  };
})(window.QuillDocs = window.QuillDocs || {});
