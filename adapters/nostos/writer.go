package nostos

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// embeddedWriter writes one version file. The file is built with bbolt's
// NoSync (no fsync per transaction) and synced once before the commit: a
// version file is useless until the manifest names it, and a crash before
// that leaves a file the next writer deletes, so per-batch fsyncs would buy
// nothing. The active version is a different file, which this writer never
// opens, so nothing a crash does here can damage what is being served.
type embeddedWriter struct {
	dir     string
	path    string
	version int
	schema  Schema
	last    int // manifest Last before this version
	db      *bolt.DB
	unlock  func()
	done    bool
}

// Begin starts the next version of a dataset.
func (s *Embedded) Begin(ctx context.Context, dataset string, sc Schema) (Writer, error) {
	dir, err := s.dir(dataset)
	if err != nil {
		return nil, err
	}
	if len(sc.Key) == 0 {
		return nil, fmt.Errorf("dataset %s: a schema needs key columns", dataset)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	unlock, err := lockDir(ctx, dir)
	if err != nil {
		return nil, err
	}
	w, err := s.begin(dir, sc)
	if err != nil {
		unlock()
		return nil, err
	}
	w.unlock = unlock
	return w, nil
}

func (s *Embedded) begin(dir string, sc Schema) (*embeddedWriter, error) {
	m, err := readManifest(dir)
	if errors.Is(err, ErrNoDataset) {
		m, err = &manifest{Dataset: filepath.Base(dir)}, nil
	}
	if err != nil {
		return nil, err
	}
	if _, err := cleanStale(dir, m); err != nil {
		return nil, fmt.Errorf("removing what a crashed export left in %s: %w", dir, err)
	}
	w := &embeddedWriter{dir: dir, version: m.Last + 1, schema: sc, last: m.Last}
	w.path = filepath.Join(dir, versionFile(w.version))
	w.db, err = bolt.Open(w.path, 0o644, &bolt.Options{NoSync: true, NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, err
	}
	sj, _ := json.Marshal(sc)
	err = w.db.Update(func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucket(bucketData); err != nil {
			return err
		}
		meta, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		return meta.Put(keySchema, sj)
	})
	if err != nil {
		w.db.Close()
		os.Remove(w.path)
		return nil, err
	}
	return w, nil
}

func (w *embeddedWriter) Version() int { return w.version }

// Write puts a batch in one transaction. FillPercent 1 packs pages full,
// which is right for keys arriving in ascending order (Export sorts them):
// bbolt then only ever appends to the rightmost page.
func (w *embeddedWriter) Write(ctx context.Context, batch []Entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return w.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketData)
		b.FillPercent = 1
		for _, e := range batch {
			if len(e.Key) == 0 {
				return errors.New("empty key")
			}
			if err := b.Put(e.Key, e.Value); err != nil {
				return fmt.Errorf("key %q: %w", e.Key, err)
			}
		}
		return nil
	})
}

func (w *embeddedWriter) Lookup(_ context.Context, key []byte) (val []byte, ok bool, err error) {
	err = w.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketData).Get(key); v != nil {
			val, ok = append([]byte(nil), v...), true
		}
		return nil
	})
	return val, ok, err
}

// Count walks the bucket's pages (bbolt's Stats), so it counts what the
// store holds rather than what the writer was given.
func (w *embeddedWriter) Count(context.Context) (int64, error) {
	var n int64
	err := w.db.View(func(tx *bolt.Tx) error {
		n = int64(tx.Bucket(bucketData).Stats().KeyN)
		return nil
	})
	return n, err
}

// Commit syncs and closes the version file, then publishes it with the
// manifest's rename, the single atomic step.
func (w *embeddedWriter) Commit(ctx context.Context, rows int64) (Version, error) {
	if w.done {
		return Version{}, errors.New("version already committed or aborted")
	}
	keys, err := w.Count(ctx)
	if err != nil {
		return Version{}, err
	}
	if err := w.db.Sync(); err != nil {
		return Version{}, err
	}
	if err := w.db.Close(); err != nil {
		return Version{}, err
	}
	fi, err := os.Stat(w.path)
	if err != nil {
		return Version{}, err
	}
	v := Version{Version: w.version, Created: time.Now().UTC(), Keys: keys, Rows: rows, Bytes: fi.Size(), Schema: w.schema}
	// Re-read the manifest: a rollback cannot have run (the lock is held),
	// but reading it again keeps this step independent of Begin's copy.
	m, err := readManifest(w.dir)
	if errors.Is(err, ErrNoDataset) {
		m, err = &manifest{Dataset: filepath.Base(w.dir)}, nil
	}
	if err != nil {
		w.abortClosed()
		return Version{}, err
	}
	m.Versions = append(m.Versions, v)
	m.Active, m.Last = w.version, w.version
	if err := writeManifest(w.dir, m); err != nil {
		w.abortClosed()
		return Version{}, err
	}
	w.done = true
	w.unlock()
	v.Active = true
	return v, nil
}

// Abort deletes the version file and releases the lock.
func (w *embeddedWriter) Abort() error {
	if w.done {
		return nil
	}
	err := w.db.Close()
	w.abortClosed()
	return err
}

func (w *embeddedWriter) abortClosed() {
	w.done = true
	os.Remove(w.path)
	w.unlock()
}
