// Package docsite builds the static lineage site that `quill docs` writes:
// a node list, node pages with SQL, columns, checks and the last run, a DAG
// of the whole project or around one node, and column-level lineage.
//
// The site must open from disk (file://) with no server and no network
// request, so the data is a script (data.js sets one global) rather than a
// JSON file the page would fetch, and every script and stylesheet is this
// package's own code, embedded in the binary and copied next to index.html.
// Classic scripts, not ES modules: Chromium refuses module scripts over
// file://.
//
// The DAG layout is computed here, in Go, at generation time (Layered): it is
// deterministic and testable, and the browser only draws it. Views around one
// node or one column reuse the global layers and orders, so they need no
// layout code in JavaScript.
//
// The package reads plain data (the manifest and run results) and never
// touches a database or the network.
package docsite
