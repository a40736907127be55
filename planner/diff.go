package planner

import (
	"strconv"
	"strings"
)

// Diff returns a short line diff of two SQL texts ("- old", "+ new"), at
// most max lines, with a final "… n more" line when cut. It is a plain LCS
// over lines: models are small.
func Diff(a, b string, max int) []string {
	al, bl := lines(a), lines(b)
	if len(al)*len(bl) > 1_000_000 { // too big for LCS: say so instead of hanging
		return []string{"(SQL too long to diff)"}
	}
	lcs := make([][]int, len(al)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(bl)+1)
	}
	for i := len(al) - 1; i >= 0; i-- {
		for j := len(bl) - 1; j >= 0; j-- {
			if al[i] == bl[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max2(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < len(al) || j < len(bl) {
		switch {
		case i < len(al) && j < len(bl) && al[i] == bl[j]:
			i, j = i+1, j+1
		case j < len(bl) && (i == len(al) || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, "+ "+bl[j])
			j++
		default:
			out = append(out, "- "+al[i])
			i++
		}
	}
	if len(out) > max {
		more := len(out) - max
		out = append(out[:max], "… "+strconv.Itoa(more)+" more changed lines")
	}
	return out
}

func max2(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
