package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/quill-etl/quill/adapters/cassandra/sstable"
	"github.com/quill-etl/quill/adapters/s3"
)

// S3Options say how to reach and read a snapshot in S3.
type S3Options struct {
	// Endpoint is the base URL of an S3-compatible server (MinIO,
	// versitygw, a test server), addressed path-style; empty means AWS S3.
	// Region and credentials always come from the AWS default chain
	// (AWS_REGION, AWS_ACCESS_KEY_ID…, profiles, instance roles).
	Endpoint string
	// BlockSize is the size of one ranged GET and one cached block
	// (default DefaultBlockSize).
	BlockSize int64
	// CacheBytes bounds the memory of the block cache (default
	// DefaultCacheBytes); at least one block is always kept.
	CacheBytes int64
}

// Defaults of S3Options. A 4 MiB GET amortises S3's per-request latency
// (tens of ms) over enough bytes to keep a split busy; 64 MiB of cache holds
// the blocks the splits share (boundary chunks, the head of Index.db) while
// 2–8 workers stream through the rest, and stays well inside the scan's
// memory budget.
const (
	DefaultBlockSize  = 4 << 20
	DefaultCacheBytes = 64 << 20
)

// S3FS is an sstable.FS over S3: a path is "bucket/key" (s3://bucket/key
// without the scheme). Directories are listed once (ListObjectsV2), and
// files are read through a block cache with ranged GETs, so a split reads
// only the blocks its chunks are in, and no block is fetched twice while
// the cache holds it. Small components (TOC, Statistics, CompressionInfo,
// Summary) fit in one block: fetched whole, once.
//
// It is safe for concurrent use. The context given to NewS3FS covers every
// request, since io.ReaderAt, through which the reader reads, takes none:
// build one S3FS per scan.
type S3FS struct {
	ctx   context.Context
	opts  S3Options
	cache *blockCache

	mu     sync.Mutex
	stores map[string]*s3.Store // by bucket
	listed map[string]bool      // directories already listed
	sizes  map[string]int64     // files seen in listings
}

var _ sstable.FS = (*S3FS)(nil)

// NewS3FS returns an S3FS; it contacts no server until the first read.
func NewS3FS(ctx context.Context, opts S3Options) *S3FS {
	if opts.BlockSize <= 0 {
		opts.BlockSize = DefaultBlockSize
	}
	if opts.CacheBytes <= 0 {
		opts.CacheBytes = DefaultCacheBytes
	}
	return &S3FS{ctx: ctx, opts: opts, cache: newBlockCache(opts.BlockSize, opts.CacheBytes),
		stores: map[string]*s3.Store{}, listed: map[string]bool{}, sizes: map[string]int64{}}
}

// Fetched returns what the FS has read from S3 so far.
func (f *S3FS) Fetched() FetchStats { return f.cache.snapshot() }

// PathOf turns "s3://bucket/prefix/" into the FS path "bucket/prefix".
func PathOf(url string) (string, error) {
	bucket, prefix, err := s3.ParseURL(url)
	if err != nil {
		return "", err
	}
	return path.Clean(bucket + "/" + prefix), nil
}

// split cleans an FS path (the reader joins with filepath) and separates
// its bucket from its key.
func split(name string) (clean, bucket, key string) {
	clean = path.Clean(filepath.ToSlash(name))
	bucket, key, _ = strings.Cut(clean, "/")
	return clean, bucket, key
}

// store returns the Store of a bucket, opening it on first use.
func (f *S3FS) store(bucket string) (*s3.Store, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s := f.stores[bucket]; s != nil {
		return s, nil
	}
	s, err := s3.Open(f.ctx, s3.Config{Endpoint: f.opts.Endpoint, Bucket: bucket, PathStyle: f.opts.Endpoint != ""})
	if err != nil {
		return nil, err
	}
	f.stores[bucket] = s
	return s, nil
}

// ReadDir implements sstable.FS: the objects directly under dir/.
//
// FIXME: s3.Store.List has no delimiter, so a prefix holding other tables'
// folders lists them too (and drops them here); pointing at the table's own
// folder, as a snapshot location does, keeps that cheap.
func (f *S3FS) ReadDir(dir string) ([]sstable.Entry, error) {
	clean, bucket, prefix := split(dir)
	st, err := f.store(bucket)
	if err != nil {
		return nil, err
	}
	if prefix != "" {
		prefix += "/"
	}
	objs, err := st.List(f.ctx, prefix)
	if err != nil {
		return nil, err
	}
	var out []sstable.Entry
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, o := range objs {
		base := strings.TrimPrefix(o.Key, prefix)
		if base == "" || strings.Contains(base, "/") {
			continue
		}
		out = append(out, sstable.Entry{Name: base, Size: o.Size})
		f.sizes[clean+"/"+base] = o.Size
	}
	f.listed[clean] = true
	if len(out) == 0 {
		return nil, &fs.PathError{Op: "readdir", Path: "s3://" + clean + "/", Err: fs.ErrNotExist}
	}
	return out, nil
}

// Open implements sstable.FS. A file of a listed directory opens without
// a request; another lists its directory first (S3 has no cheaper stat
// through s3.Store).
func (f *S3FS) Open(name string) (sstable.File, error) {
	clean, _, _ := split(name)
	size, ok, listed := f.lookup(clean)
	if !ok && !listed {
		if _, err := f.ReadDir(path.Dir(clean)); err != nil && !isNotExist(err) {
			return nil, err
		}
		size, ok, _ = f.lookup(clean)
	}
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: "s3://" + clean, Err: fs.ErrNotExist}
	}
	return &s3File{fs: f, name: clean, size: size}, nil
}

func (f *S3FS) lookup(clean string) (size int64, ok, listed bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	size, ok = f.sizes[clean]
	return size, ok, f.listed[path.Dir(clean)]
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// fetch reads n bytes of a file from off with one ranged GET.
func (f *S3FS) fetch(name string, off, n int64) ([]byte, error) {
	_, bucket, key := split(name)
	st, err := f.store(bucket)
	if err != nil {
		return nil, err
	}
	rc, err := st.GetRange(f.ctx, key, off, n)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	buf := make([]byte, n)
	if got, err := io.ReadFull(rc, buf); err != nil {
		return nil, fmt.Errorf("s3://%s: expected bytes %d–%d, received %d: %w", name, off, off+n-1, got, err)
	}
	return buf, nil
}

// s3File is one object read through the block cache.
type s3File struct {
	fs   *S3FS
	name string
	size int64
}

func (f *s3File) Size() int64  { return f.size }
func (f *s3File) Close() error { return nil }

// ReadAt implements io.ReaderAt; it is safe for concurrent use.
func (f *s3File) ReadAt(p []byte, off int64) (int, error) {
	return f.fs.cache.readAt(f.name, f.size, p, off, func(off, n int64) ([]byte, error) {
		return f.fs.fetch(f.name, off, n)
	})
}
