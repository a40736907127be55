package diag

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Files maps project-relative file names to their bytes, for source snippets.
type Files map[string][]byte

// WriteShort writes one compact line per diagnostic (the golden and CI format).
func WriteShort(w io.Writer, ds Diagnostics) error {
	for _, d := range ds {
		if _, err := fmt.Fprintln(w, d.Short()); err != nil {
			return err
		}
	}
	return nil
}

// WriteText writes each diagnostic in the human form: the compact line, the
// offending source line with a caret under the subject, then the detail.
func WriteText(w io.Writer, ds Diagnostics, files Files, color bool) error {
	var b bytes.Buffer
	for i, d := range ds {
		if i > 0 {
			b.WriteByte('\n')
		}
		head := d.Short()
		if color {
			c := "\x1b[1;31m"
			if d.Severity == Warning {
				c = "\x1b[1;33m"
			}
			head = c + head + "\x1b[0m"
		}
		b.WriteString(head)
		b.WriteByte('\n')
		if d.Subject != nil {
			writeSnippet(&b, *d.Subject, files[d.Subject.Filename])
		}
		if d.Detail != "" {
			for _, l := range strings.Split(strings.TrimRight(d.Detail, "\n"), "\n") {
				b.WriteString("  ")
				b.WriteString(l)
				b.WriteByte('\n')
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func writeSnippet(b *bytes.Buffer, r Range, src []byte) {
	if src == nil || r.Start.Line < 1 {
		return
	}
	lines := bytes.Split(src, []byte("\n"))
	if r.Start.Line > len(lines) {
		return
	}
	line := strings.TrimRight(string(lines[r.Start.Line-1]), "\r")
	num := fmt.Sprintf("%4d", r.Start.Line)
	fmt.Fprintf(b, "%s | %s\n", num, line)
	width := 1
	if r.End.Line == r.Start.Line && r.End.Column > r.Start.Column {
		width = r.End.Column - r.Start.Column
	}
	pad := strings.Builder{}
	for i := 0; i < r.Start.Column-1 && i < len(line); i++ {
		if line[i] == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	fmt.Fprintf(b, "%s | %s%s\n", strings.Repeat(" ", len(num)), pad.String(), strings.Repeat("^", width))
}
