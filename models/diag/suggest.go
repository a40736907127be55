package diag

import (
	"strconv"
	"strings"
)

// Closest returns the candidate nearest to name by edit distance (case
// ignored) when it is close enough to be a plausible typo: fewer than
// maxDist edits, and fewer edits than the candidate has bytes. Otherwise "".
func Closest(name string, candidates []string, maxDist int) string {
	best, bestD := "", maxDist
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if d := EditDistance(lower, strings.ToLower(c)); d < bestD && d < len(c) {
			best, bestD = c, d
		}
	}
	return best
}

// DidYouMean returns ` Did you mean "x"?` for the closest candidate within
// three edits, or "" — ready to append to a detail sentence.
func DidYouMean(name string, candidates []string) string {
	if best := Closest(name, candidates, 3); best != "" {
		return " Did you mean " + strconv.Quote(best) + "?"
	}
	return ""
}

// EditDistance is the Levenshtein distance over bytes.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
