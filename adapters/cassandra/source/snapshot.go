package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
	"github.com/quill-etl/quill/adapters/cassandra/sstable"
)

// Snapshot is where a Spec's SSTables are, resolved for the reader: the FS
// to read them through and their directories in it.
type Snapshot struct {
	FS   sstable.FS // the local disk, or S3 when the locations are s3:// URLs
	Dirs []string   // Spec.Dirs as paths of FS
	// S3 is the FS of s3:// locations (of the snapshot or of the schema
	// file), nil when there are none; its Fetched counts the bytes read.
	S3 *S3FS
}

// IsS3 reports whether a location is an s3:// URL rather than a path.
func IsS3(loc string) bool { return strings.HasPrefix(loc, "s3://") }

// OpenSnapshot resolves the locations of a Spec. Every snapshot location
// must be of one kind, local directories or s3:// prefixes: a scan reads
// through one FS. It contacts no server; ctx covers every later read of an
// S3 snapshot, so it must live as long as the scan.
func OpenSnapshot(ctx context.Context, spec Spec) (*Snapshot, error) {
	snap := &Snapshot{FS: sstable.LocalFS{}, Dirs: spec.Dirs}
	remote := 0
	for _, d := range spec.Dirs {
		if IsS3(d) {
			remote++
		}
	}
	if remote > 0 && remote < len(spec.Dirs) {
		return nil, errors.New("the snapshot locations mix s3:// prefixes and local directories; copy them to one place")
	}
	if remote > 0 || IsS3(spec.SchemaFile) {
		snap.S3 = NewS3FS(ctx, spec.S3)
	}
	if remote == 0 {
		return snap, nil
	}
	snap.FS, snap.Dirs = snap.S3, make([]string, len(spec.Dirs))
	for i, d := range spec.Dirs {
		p, err := PathOf(d)
		if err != nil {
			return nil, err
		}
		snap.Dirs[i] = p
	}
	return snap, nil
}

// maxSchemaFile bounds a schema file read whole: a CREATE TABLE is small,
// and a wrong URL should not pull a data file into memory.
const maxSchemaFile = 16 << 20

// ReadSchema reads and parses a CQL schema file, a local path or an s3://
// URL; "" gives nil (names and types from the SSTable headers).
func (s *Snapshot) ReadSchema(file string) (*cql.Table, error) {
	if file == "" {
		return nil, nil
	}
	var src []byte
	var err error
	if IsS3(file) {
		src, err = s.readS3(file)
	} else {
		src, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, err
	}
	t, err := cql.ParseTable(string(src))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return t, nil
}

func (s *Snapshot) readS3(url string) ([]byte, error) {
	p, err := PathOf(url)
	if err != nil {
		return nil, err
	}
	f, err := s.S3.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if f.Size() > maxSchemaFile {
		return nil, fmt.Errorf("%s: expected a CQL schema file, found %d bytes", url, f.Size())
	}
	return io.ReadAll(io.NewSectionReader(f, 0, f.Size()))
}
