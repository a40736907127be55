// Package runtime executes a plan against a warehouse: it walks the plan's
// DAG with a bounded number of workers, builds every relation under a
// temporary name and swaps it in, retries transient errors, skips the
// descendants of a failed node, and journals every run and node in the
// target's quill_meta schema so a later run can resume.
//
// The runtime never prints: it reports progress through Hooks, and the
// command layer decides how to show it.
package runtime
