// Package planner compares a compiled project with the state recorded in a
// target and decides, per node, what apply must do: create, replace, leave
// unchanged or drop, and why.
//
// The planner does no I/O: its State argument is a plain snapshot that
// cmd/quill reads from the target's quill_meta schema beforehand. A Plan is
// plain data that serialises to a versioned JSON plan file, so `apply plan.json`
// runs exactly what `plan --out` showed.
package planner
