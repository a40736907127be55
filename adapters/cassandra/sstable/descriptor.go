package sstable

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Component names of one SSTable.
const (
	compData        = "Data.db"
	compIndex       = "Index.db"
	compSummary     = "Summary.db"
	compStatistics  = "Statistics.db"
	compCompression = "CompressionInfo.db"
	compCRC         = "CRC.db"
	compTOC         = "TOC.txt"
)

// Descriptor names one SSTable on disk: the files of one generation.
type Descriptor struct {
	Dir        string
	Version    string // two letters: ma … me, na, nb, oa
	Generation string // a number, or a base-36 time-UUID since 4.1
	Format     string // "big" ("bti" is not supported)

	// fsys holds the files; nil is the local disk, so that a Descriptor
	// written as a literal (by the writer, by tests) keeps meaning a path.
	fsys FS
}

// files returns the FS that holds the SSTable's components.
func (d Descriptor) files() FS { return orLocal(d.fsys) }

// Path returns the path of one component, e.g. d.Path("Data.db").
func (d Descriptor) Path(component string) string {
	return filepath.Join(d.Dir, fmt.Sprintf("%s-%s-%s-%s", d.Version, d.Generation, d.Format, component))
}

func (d Descriptor) String() string { return d.Path(compData) }

// version flags of the 'big' format that change how bytes are read.
func (d Descriptor) checksummedStats() bool { return d.Version >= "na" }
func (d Descriptor) hasMaxCompressed() bool { return d.Version >= "na" }
func (d Descriptor) newDeletionTime() bool  { return d.Version >= "oa" }
func (d Descriptor) unsignedDeletion() bool { return d.Version >= "oa" }

// exists reports whether a component is there. On the local disk it only
// stats the file, as the writer's check before overwriting always did;
// another FS has no cheaper question than Open.
func (d Descriptor) exists(comp string) bool {
	if d.fsys == nil {
		_, err := os.Stat(d.Path(comp))
		return err == nil
	}
	f, err := d.fsys.Open(d.Path(comp))
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// supported reports an error for formats this reader cannot decode.
func (d Descriptor) supported() error {
	if d.Format == "bti" || strings.HasPrefix(d.Version, "d") {
		return fmt.Errorf("%s: unsupported format %s (BTI): %w", d.Path(compData), d.Version, ErrUnsupported)
	}
	if d.Format != "big" {
		return fmt.Errorf("%s: unsupported SSTable format %q: %w", d.Path(compData), d.Format, ErrUnsupported)
	}
	switch d.Version {
	case "ma", "mb", "mc", "md", "me", "na", "nb", "oa":
		return nil
	}
	return fmt.Errorf("%s: unsupported version %q (readable: ma–me, na, nb, oa): %w", d.Path(compData), d.Version, ErrUnsupported)
}

// parseFileName splits "nb-3gll_1kke_3qdyo2i4kzfpt3cqcy-big-Data.db".
func parseFileName(name string) (d Descriptor, component string, ok bool) {
	parts := strings.SplitN(name, "-", 4)
	if len(parts) != 4 || len(parts[0]) != 2 || parts[1] == "" {
		return Descriptor{}, "", false
	}
	return Descriptor{Version: parts[0], Generation: parts[1], Format: parts[2]}, parts[3], true
}

// Discover lists the SSTables in the given directories (not recursive), in a
// stable order. It fails on a directory without any Data.db, on an
// unsupported format, and on an SSTable missing a component that reading
// needs (Statistics.db; CompressionInfo.db when TOC.txt lists it).
func Discover(dirs []string) ([]Descriptor, error) {
	return DiscoverFS(nil, dirs)
}

// DiscoverFS is Discover over the directories of fsys (nil: the local
// disk). The descriptors it returns read their components through fsys.
func DiscoverFS(fsys FS, dirs []string) ([]Descriptor, error) {
	var out []Descriptor
	for _, dir := range dirs {
		ds, err := discoverDir(fsys, dir)
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	return out, nil
}

func discoverDir(fsys FS, dir string) ([]Descriptor, error) {
	entries, err := orLocal(fsys).ReadDir(dir)
	if err != nil {
		return nil, err
	}
	seen := map[Descriptor]bool{}
	var out []Descriptor
	for _, e := range entries {
		d, comp, ok := parseFileName(e.Name)
		if !ok || comp != compData {
			continue
		}
		d.Dir, d.fsys = dir, fsys
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no SSTable (no *-Data.db file)", dir)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Generation < out[j].Generation })
	for _, d := range out {
		if err := d.supported(); err != nil {
			return nil, err
		}
		if err := d.checkComponents(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// checkComponents verifies that the components needed to read the SSTable
// are there: Statistics.db always, and every component TOC.txt promises
// among those the reader uses.
func (d Descriptor) checkComponents() error {
	need := []string{compStatistics}
	if toc, err := readAll(d.files(), d.Path(compTOC), maxMetadataFile); err == nil {
		for _, line := range strings.Split(string(toc), "\n") {
			switch c := strings.TrimSpace(line); c {
			case compCompression, compIndex, compCRC:
				need = append(need, c)
			}
		}
	}
	for _, c := range need {
		if !d.exists(c) {
			return fmt.Errorf("%s: missing component %s (expected %s)", d.Path(compData), c, d.Path(c))
		}
	}
	return nil
}
