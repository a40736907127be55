package nostos

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Embedded is the file-backed store (store = "embedded"): under its root
// directory (a project's .quill/nostos), one directory per dataset holding
// manifest.json (versions and the active pointer), .lock (the writer lock)
// and one bbolt file per version, v000004.db, with the entries in bucket
// "data" and the schema in bucket "meta". A version file is written once and
// never changed after its commit.
//
// Readers (quill serve) and writers (quill apply, quill nostos rollback) may
// be different processes: a reader opens committed version files read-only
// and notices a new manifest on its next Get.
type Embedded struct {
	root string

	mu   sync.Mutex
	sets map[string]*dsCache
}

// Buckets of a version file.
var (
	bucketData = []byte("data")
	bucketMeta = []byte("meta")
	keySchema  = []byte("schema")
)

// dsCache is what a reader process knows of one dataset: the manifest as of
// its file's last change, and the version files it has open.
type dsCache struct {
	mu    sync.Mutex
	stat  os.FileInfo
	man   *manifest
	files map[int]*versionDB
}

// versionDB is a committed version file open read-only. mu is held shared by
// each Get and exclusively by close, so a file is closed only once no read
// uses it (bbolt's Close would otherwise wait inside a read transaction's
// caller anyway, but closed lets a Get retry instead of failing).
type versionDB struct {
	mu     sync.RWMutex
	db     *bolt.DB
	proj   sync.Map // fields key → *projection
	schema Schema
	closed bool
}

// OpenEmbedded opens (creating it if needed) the embedded store rooted at
// dir, by convention <project>/.quill/nostos.
func OpenEmbedded(dir string) (*Embedded, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Embedded{root: dir, sets: map[string]*dsCache{}}, nil
}

// Root is the store's directory.
func (s *Embedded) Root() string { return s.root }

// TempDir is where Export spills sort runs: inside the store, on the same
// disk as the versions (rather than a small tmpfs /tmp).
func (s *Embedded) TempDir() string { return s.root }

func (s *Embedded) dir(name string) (string, error) {
	if !ValidName(name) {
		return "", fmt.Errorf("%w %q", ErrBadName, name)
	}
	return filepath.Join(s.root, name), nil
}

// Datasets lists the datasets with a committed version, by name.
func (s *Embedded) Datasets(ctx context.Context) ([]Dataset, error) {
	ents, err := os.ReadDir(s.root)
	if err != nil {
		return nil, err
	}
	var out []Dataset
	for _, e := range ents {
		if !e.IsDir() || !ValidName(e.Name()) {
			continue
		}
		d, err := s.Dataset(ctx, e.Name())
		if errors.Is(err, ErrNoDataset) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Dataset describes one dataset.
func (s *Embedded) Dataset(_ context.Context, name string) (Dataset, error) {
	c, err := s.cache(name)
	if err != nil {
		return Dataset{}, err
	}
	m, err := c.current(filepath.Join(s.root, name))
	if err != nil {
		return Dataset{}, err
	}
	return m.dataset(), nil
}

func (s *Embedded) cache(name string) (*dsCache, error) {
	if !ValidName(name) {
		return nil, fmt.Errorf("%w %q", ErrBadName, name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.sets[name]
	if c == nil {
		c = &dsCache{files: map[int]*versionDB{}}
		s.sets[name] = c
	}
	return c, nil
}

// current returns the dataset's manifest, re-reading it when its file
// changed (a stat per call: a writer in another process replaces it by
// rename, so the inode changes). Version files the new manifest no longer
// lists are closed in the background once their reads finish.
func (c *dsCache) current(dir string) (*manifest, error) {
	fi, err := os.Stat(filepath.Join(dir, manifestName))
	c.mu.Lock()
	defer c.mu.Unlock()
	if errors.Is(err, os.ErrNotExist) {
		c.stat, c.man = nil, nil
		c.dropFilesLocked(nil)
		return nil, ErrNoDataset
	}
	if err != nil {
		return nil, err
	}
	if c.man != nil && os.SameFile(fi, c.stat) && fi.ModTime().Equal(c.stat.ModTime()) && fi.Size() == c.stat.Size() {
		return c.man, nil
	}
	m, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	c.stat, c.man = fi, m
	c.dropFilesLocked(m)
	return m, nil
}

// dropFilesLocked closes the open files of versions m does not list.
func (c *dsCache) dropFilesLocked(m *manifest) {
	for v, f := range c.files {
		if m != nil {
			if _, ok := m.version(v); ok {
				continue
			}
		}
		delete(c.files, v)
		go f.close()
	}
}

func (f *versionDB) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.closed {
		f.closed = true
		_ = f.db.Close() // read-only: nothing to lose
	}
}

// open returns the open file of version v, opening it read-only.
func (c *dsCache) open(dir string, v Version) (*versionDB, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.files[v.Version]; f != nil {
		return f, nil
	}
	db, err := bolt.Open(filepath.Join(dir, versionFile(v.Version)), 0o444,
		&bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return nil, err
	}
	f := &versionDB{db: db, schema: v.Schema}
	c.files[v.Version] = f
	return f, nil
}

// Get reads one key. A version pruned between reading the manifest and
// opening its file, or closed under a read, makes it read the manifest again,
// so a reader racing with apply never sees an error.
func (s *Embedded) Get(ctx context.Context, dataset, key string, fields []string, version int) (Item, error) {
	c, err := s.cache(dataset)
	if err != nil {
		return Item{}, err
	}
	dir := filepath.Join(s.root, dataset)
	for attempt := 0; ; attempt++ {
		m, err := c.current(dir)
		if err != nil {
			return Item{}, err
		}
		want := version
		if want == 0 {
			want = m.Active
		}
		v, ok := m.version(want)
		if !ok {
			return Item{}, fmt.Errorf("%w %d of %s", ErrNoVersion, want, dataset)
		}
		f, err := c.open(dir, v)
		if err == nil {
			var it Item
			it, err = f.get(key, fields, want)
			if !errors.Is(err, errClosed) {
				return it, err
			}
		}
		if attempt >= 3 || ctx.Err() != nil || !(errors.Is(err, os.ErrNotExist) || errors.Is(err, errClosed)) {
			return Item{}, err
		}
	}
}

var errClosed = errors.New("version file closed")

func (f *versionDB) get(key string, fields []string, version int) (Item, error) {
	p, err := f.projection(fields)
	if err != nil {
		return Item{}, err
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	if f.closed {
		return Item{}, errClosed
	}
	it := Item{Version: version}
	err = f.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketData)
		if b == nil {
			return errCorrupt
		}
		v := b.Get([]byte(key))
		if v == nil {
			return ErrNoKey
		}
		var err error
		it.JSON, err = p.appendValue(make([]byte, 0, len(v)+16*len(p.sel)+2), v, f.schema.Collect == CollectList)
		return err
	})
	return it, err
}

// projection caches field selections per version; the cache is bounded by
// the number of distinct valid selections clients ask for, which an
// attacker could inflate, so it stops caching past 256 entries.
func (f *versionDB) projection(fields []string) (*projection, error) {
	k := "\x01all"
	if fields != nil {
		k = strings.Join(fields, "\x00")
	}
	if p, ok := f.proj.Load(k); ok {
		return p.(*projection), nil
	}
	p, err := newProjection(f.schema, fields)
	if err != nil {
		return nil, err
	}
	n := 0
	f.proj.Range(func(any, any) bool { n++; return n < 256 })
	if n < 256 {
		f.proj.Store(k, p)
	}
	return p, nil
}

// Rollback makes a kept version active.
func (s *Embedded) Rollback(ctx context.Context, dataset string, to int) (int, error) {
	var active int
	err := s.locked(ctx, dataset, func(dir string, m *manifest) error {
		if to == 0 {
			for _, v := range m.Versions {
				if v.Version < m.Active && v.Version > to {
					to = v.Version
				}
			}
			if to == 0 {
				return fmt.Errorf("%w: %s has no kept version older than the active v%d", ErrNoVersion, dataset, m.Active)
			}
		}
		if _, ok := m.version(to); !ok {
			return fmt.Errorf("%w %d of %s (kept: %v)", ErrNoVersion, to, dataset, versionNumbers(m))
		}
		m.Active, active = to, to
		return writeManifest(dir, m)
	})
	return active, err
}

// Prune drops the oldest versions beyond keep, never the active one: first
// from the manifest (readers stop seeing them), then their files.
func (s *Embedded) Prune(ctx context.Context, dataset string, keep int) ([]int, error) {
	var drops []int
	err := s.locked(ctx, dataset, func(dir string, m *manifest) error {
		drops = PruneList(versionNumbers(m), m.Active, keep)
		if len(drops) == 0 {
			return nil
		}
		m.Versions = slices.DeleteFunc(m.Versions, func(v Version) bool { return slices.Contains(drops, v.Version) })
		if err := writeManifest(dir, m); err != nil {
			return err
		}
		_, err := cleanStale(dir, m)
		return err
	})
	return drops, err
}

// PruneList returns the versions to drop so that at most keep (at least 1)
// remain: the newest ones, and always the active one (which then takes the
// place of the oldest of those). versions is in any order. Every store
// prunes by this rule.
func PruneList(versions []int, active, keep int) []int {
	vs := slices.Clone(versions)
	slices.SortFunc(vs, func(a, b int) int { return b - a })
	others := max(keep, 1) // room for versions other than the active one
	if slices.Contains(vs, active) {
		others--
	}
	var drops []int
	for _, v := range vs {
		switch {
		case v == active:
		case others > 0:
			others--
		default:
			drops = append(drops, v)
		}
	}
	slices.Sort(drops)
	return drops
}

func versionNumbers(m *manifest) []int {
	out := make([]int, len(m.Versions))
	for i, v := range m.Versions {
		out[i] = v.Version
	}
	return out
}

// locked runs fn under the dataset's writer lock with its manifest.
func (s *Embedded) locked(ctx context.Context, dataset string, fn func(dir string, m *manifest) error) error {
	dir, err := s.dir(dataset)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("%w %q", ErrNoDataset, dataset)
	}
	unlock, err := lockDir(ctx, dir)
	if err != nil {
		return err
	}
	defer unlock()
	m, err := readManifest(dir)
	if err != nil {
		return err
	}
	return fn(dir, m)
}

// Close closes every version file open for reading.
func (s *Embedded) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.sets {
		c.mu.Lock()
		for v, f := range c.files {
			delete(c.files, v)
			f.close()
		}
		c.mu.Unlock()
	}
	return nil
}
