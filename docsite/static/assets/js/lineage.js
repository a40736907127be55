// quill docs: graph walks over the data, with no DOM, shared by the node
// page, the DAG around a node and the column lineage view.
(function (Q) {
  'use strict';

  // neighbourhood returns the nodes up to `up` levels upstream and `down`
  // levels downstream of node c, as a map from index to signed distance
  // (negative upstream). Breadth-first, so each node gets its nearest level.
  Q.neighbourhood = function (data, c, up, down) {
    var dist = new Map([[c, 0]]);
    function walk(next, limit, sign) {
      var frontier = [c];
      for (var level = 1; level <= limit && frontier.length; level++) {
        var nf = [];
        frontier.forEach(function (v) {
          next(data.nodes[v]).forEach(function (w) {
            if (!dist.has(w)) { dist.set(w, sign * level); nf.push(w); }
          });
        });
        frontier = nf;
      }
    }
    walk(function (n) { return n.upstream; }, up, -1);
    walk(function (n) { return n.downstream; }, down, 1);
    return dist;
  };

  // colKey turns a [node, column] reference into a map key.
  Q.colKey = function (ref) { return ref[0] + ':' + ref[1]; };

  // columnClosure walks a column's lineage all the way in one direction
  // ("from" upstream, "to" downstream) and returns the columns reached with
  // their distance in hops, nearest first, then by node and column.
  Q.columnClosure = function (data, ref, dir) {
    var seen = new Map([[Q.colKey(ref), 0]]);
    var out = [];
    var frontier = [ref];
    for (var hop = 1; frontier.length; hop++) {
      var nf = [];
      frontier.forEach(function (r) {
        data.nodes[r[0]].columns[r[1]][dir].forEach(function (o) {
          var k = Q.colKey(o);
          if (seen.has(k)) return;
          seen.set(k, hop);
          out.push({ ref: o, hops: hop });
          nf.push(o);
        });
      });
      frontier = nf;
    }
    out.sort(function (a, b) {
      return a.hops - b.hops || a.ref[0] - b.ref[0] || a.ref[1] - b.ref[1];
    });
    return out;
  };

  // edgesByNode lists, per node, the indices of its edges in data.edges.
  Q.edgesByNode = function (data) {
    var by = data.nodes.map(function () { return []; });
    data.edges.forEach(function (e, i) { by[e[0]].push(i); by[e[1]].push(i); });
    return by;
  };
})(window.QuillDocs = window.QuillDocs || {});
