package sstable

import (
	"fmt"
	"io"
	"os"
)

// FS is where the reader finds a snapshot's files: the local disk by
// default (LocalFS), or any store that can list a directory and read a file
// at an offset, such as an S3 prefix. Names are the directories given to
// Open or Discover joined with file names by filepath.Join; an FS that is
// not a local disk gives them its own meaning.
//
// The interface takes no context, like io.ReaderAt: an FS that blocks on a
// network binds the context of the whole scan when it is built.
type FS interface {
	// ReadDir lists the files (not the subdirectories) of dir.
	ReadDir(dir string) ([]Entry, error)
	// Open opens a file for reading at any offset. A missing file gives an
	// error that matches fs.ErrNotExist.
	Open(name string) (File, error)
}

// Entry is one file of a directory listing.
type Entry struct {
	Name string // base name, e.g. "nb-1-big-Data.db"
	Size int64
}

// File is an open file. ReadAt must be safe for concurrent use: every split
// worker reads the shared Data.db through it at once.
type File interface {
	io.ReaderAt
	io.Closer
	Size() int64
}

// orLocal returns fsys, or the local disk for nil (the zero Options).
func orLocal(fsys FS) FS {
	if fsys == nil {
		return LocalFS{}
	}
	return fsys
}

// LocalFS reads the local disk through package os.
type LocalFS struct{}

// ReadDir implements FS.
func (LocalFS) ReadDir(dir string) ([]Entry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(des))
	for _, de := range des {
		if de.IsDir() {
			continue
		}
		fi, err := de.Info()
		if err != nil {
			return nil, err
		}
		out = append(out, Entry{Name: de.Name(), Size: fi.Size()})
	}
	return out, nil
}

// Open implements FS.
func (LocalFS) Open(name string) (File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return localFile{File: f, size: fi.Size()}, nil
}

// localFile is an os.File with its size taken once at open; os.File.ReadAt
// is safe for concurrent use.
type localFile struct {
	*os.File
	size int64
}

func (f localFile) Size() int64 { return f.size }

// readAll reads a whole file of at most limit bytes; what names the file in
// the error about a bigger one.
func readAll(fsys FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if f.Size() > limit {
		return nil, corruptf(name, 0, "expected a metadata file under %d bytes, found %d", limit, f.Size())
	}
	b := make([]byte, f.Size())
	n, err := f.ReadAt(b, 0)
	if n == len(b) {
		return b, nil
	}
	if err == nil || err == io.EOF {
		err = fmt.Errorf("%s: read %d of %d bytes", name, n, len(b))
	}
	return nil, err
}
