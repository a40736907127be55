package nostos

import (
	"context"
	"errors"
	"time"
)

// Errors a Store returns; callers test them with errors.Is (the HTTP API maps
// the first three to 404 and ErrNoField to 400).
var (
	ErrNoDataset = errors.New("no such dataset")
	ErrNoVersion = errors.New("no such version")
	ErrNoKey     = errors.New("no such key")
	ErrNoField   = errors.New("no such field")
	ErrBadName   = errors.New("invalid dataset name")
)

// Collect modes of a dataset (SPEC §7).
const (
	CollectRecord = ""     // a key maps to one record
	CollectList   = "list" // a key maps to the list of records of the rows sharing it
)

// Schema says what a version holds: its key columns, its fields in stored
// order, and whether a key maps to a record or to a list of records.
type Schema struct {
	Key     []string `json:"key"`
	Fields  []string `json:"fields"`
	Collect string   `json:"collect,omitempty"`
}

// Version describes one committed version of a dataset.
type Version struct {
	Version int       `json:"version"`
	Active  bool      `json:"active"`
	Created time.Time `json:"created"`
	Keys    int64     `json:"keys"`  // distinct keys
	Rows    int64     `json:"rows"`  // source rows (= keys unless collect = "list")
	Bytes   int64     `json:"bytes"` // size in the store
	Schema
}

// Dataset describes a dataset: its active version and every kept version,
// newest first.
type Dataset struct {
	Name     string    `json:"name"`
	Active   int       `json:"active"`
	Last     int       `json:"last"` // highest version ever committed; the next is Last+1
	Versions []Version `json:"versions"`
}

// ActiveVersion returns the active version's description.
func (d Dataset) ActiveVersion() (Version, bool) {
	for _, v := range d.Versions {
		if v.Version == d.Active {
			return v, true
		}
	}
	return Version{}, false
}

// Entry is one key and its encoded value (EncodeRecord, or EncodeList for
// collect = "list").
type Entry struct {
	Key   []byte
	Value []byte
}

// Item is what Get returns: the version read and the value as JSON, an
// object for a record, an array of objects for a list.
type Item struct {
	Version int
	JSON    []byte
}

// Reader is the read side of a Store, all that the HTTP API needs. Its
// methods are safe for concurrent use, and a Reader keeps answering from the
// active version while a Writer of the same dataset, in this process or
// another, writes the next one.
type Reader interface {
	// Datasets lists the datasets that have a committed version, by name.
	Datasets(ctx context.Context) ([]Dataset, error)
	// Dataset describes one dataset; ErrNoDataset when it has none.
	Dataset(ctx context.Context, name string) (Dataset, error)
	// Get reads key (in the text form of KeyString) from a version (0: the
	// active one). fields selects and orders the fields returned (nil: all).
	// It fails with ErrNoDataset, ErrNoVersion, ErrNoKey or ErrNoField.
	Get(ctx context.Context, dataset, key string, fields []string, version int) (Item, error)
}

// Store is a set of versioned key-value datasets (SPEC §7): versions are
// written in full, then made active in one step; older versions stay
// readable until pruned and can be made active again.
type Store interface {
	Reader
	// Begin starts version N+1 of a dataset (N the highest version ever
	// committed) and holds the dataset's writer lock, waiting for it while
	// ctx allows, until the Writer commits or aborts. It first removes what
	// a crashed writer left (versions never committed).
	Begin(ctx context.Context, dataset string, s Schema) (Writer, error)
	// Rollback makes a kept version active; to = 0 picks the newest kept
	// version older than the active one. It returns the version now active.
	Rollback(ctx context.Context, dataset string, to int) (int, error)
	// Prune drops the oldest versions so that at most keep remain, never the
	// active one, and returns the dropped version numbers.
	Prune(ctx context.Context, dataset string, keep int) ([]int, error)
	// Close releases every file the store holds open.
	Close() error
}

// Writer writes one new version. Its methods are called from one goroutine.
// Nothing it writes is visible to readers before Commit returns.
type Writer interface {
	// Version is the number of the version being written.
	Version() int
	// Write stores a batch of entries durably enough to survive the
	// process (one transaction per call: pass large batches). Entries in
	// ascending key order are fastest. The slices may be reused after it
	// returns.
	Write(ctx context.Context, batch []Entry) error
	// Lookup reads a key back from the version being written.
	Lookup(ctx context.Context, key []byte) (value []byte, ok bool, err error)
	// Count counts the keys stored so far, from the store itself.
	Count(ctx context.Context) (int64, error)
	// Commit makes the version the active one in one atomic step and
	// releases the writer lock. rows is recorded in the version's
	// description.
	Commit(ctx context.Context, rows int64) (Version, error)
	// Abort deletes the version and releases the writer lock; it does
	// nothing after Commit.
	Abort() error
}
