package compiler

import "github.com/quill-etl/quill/models/diag"

// suggest returns the candidate closest to name, when it is close enough to
// be a plausible typo, else "". Longer names tolerate more edits.
func suggest(name string, candidates []string) string {
	return diag.Closest(name, candidates, len(name)/3+2)
}
