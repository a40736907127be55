package sstable

import (
	"errors"
	"fmt"
)

// CorruptError reports bytes that are not what the SSTable format requires
// at that place: a bad checksum, a length running past the end of a file, a
// truncated file, an unknown flag. File is the component's path and Offset
// the byte offset in it (for Data.db of a compressed SSTable, the offset in
// the uncompressed stream unless the message says otherwise).
type CorruptError struct {
	File   string
	Offset int64
	Msg    string // what was expected and what was found
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s: offset %d: %s", e.File, e.Offset, e.Msg)
}

func corruptf(file string, off int64, format string, args ...any) *CorruptError {
	return &CorruptError{File: file, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// ErrUnsupported is wrapped by errors about SSTables this package cannot
// read (the BTI format 'da', pre-3.0 formats).
var ErrUnsupported = errors.New("the reader handles the 'big' format of Cassandra 3.0–5.0 only")

// SchemaError reports an SSTable whose serialization header does not match
// the table schema given by the caller.
type SchemaError struct {
	File string // the Statistics.db holding the header
	Msg  string
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("%s: serialization header does not match the schema: %s", e.File, e.Msg)
}
