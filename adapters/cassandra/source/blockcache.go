package source

import (
	"container/list"
	"errors"
	"io"
	"sync"
)

// blockCache holds fixed-size, aligned blocks of remote files, least
// recently used first out, bounded in bytes. Every split worker reads
// through one cache, so a block two splits share (the chunk a split
// boundary falls in, the start of Index.db that every split walks) is
// fetched once; a block two workers ask for at the same moment is fetched
// once too, the second waiting for the first.
//
// Aligned blocks, rather than the exact ranges asked for, turn the reader's
// many small reads (one compressed chunk, one 64 KiB index buffer) into few
// large GETs, and make "was this range fetched already?" a map lookup.
type blockCache struct {
	blockSize int64
	limit     int64 // bytes of ready blocks kept

	mu     sync.Mutex
	blocks map[blockKey]*block
	lru    *list.List // of *block, most recent first; ready blocks only
	used   int64
	seen   map[blockKey]bool // every block ever fetched, to count re-fetches
	stats  FetchStats
}

type blockKey struct {
	name string
	idx  int64
}

// block is one block, in flight until ready is closed.
type block struct {
	key   blockKey
	data  []byte
	err   error
	ready chan struct{}
	elem  *list.Element // nil while in flight or once evicted
}

// FetchStats count what an S3 snapshot read from the server.
type FetchStats struct {
	Requests int64 // ranged GETs
	Bytes    int64 // bytes received
	// Refetched is the part of Bytes spent on blocks fetched before and
	// evicted since: zero unless the cache was too small for the scan.
	Refetched int64
	ByFile    map[string]int64 // Bytes per file
}

func newBlockCache(blockSize, limit int64) *blockCache {
	return &blockCache{blockSize: blockSize, limit: limit, blocks: map[blockKey]*block{},
		lru: list.New(), seen: map[blockKey]bool{}, stats: FetchStats{ByFile: map[string]int64{}}}
}

// fetchFunc reads n bytes of a file from off.
type fetchFunc func(off, n int64) ([]byte, error)

// readAt implements io.ReaderAt for a file of the given size.
func (c *blockCache) readAt(name string, size int64, p []byte, off int64, fetch fetchFunc) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	n := 0
	for n < len(p) && off+int64(n) < size {
		at := off + int64(n)
		idx := at / c.blockSize
		data, err := c.get(blockKey{name, idx}, func() ([]byte, error) {
			start := idx * c.blockSize
			return fetch(start, min(c.blockSize, size-start))
		})
		if err != nil {
			return n, err
		}
		n += copy(p[n:], data[at-idx*c.blockSize:])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// get returns a block from the cache, fetching it if no one has.
func (c *blockCache) get(key blockKey, fetch func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	if b, ok := c.blocks[key]; ok {
		if b.elem != nil {
			c.lru.MoveToFront(b.elem)
		}
		c.mu.Unlock()
		<-b.ready
		return b.data, b.err
	}
	b := &block{key: key, ready: make(chan struct{})}
	c.blocks[key] = b
	c.mu.Unlock()

	data, err := fetch()

	c.mu.Lock()
	b.data, b.err = data, err
	if err != nil {
		delete(c.blocks, key) // a later read may try again
	} else {
		c.account(key, int64(len(data)))
		b.elem = c.lru.PushFront(b)
		c.used += int64(len(data))
		c.evict()
	}
	c.mu.Unlock()
	close(b.ready)
	return data, err
}

func (c *blockCache) account(key blockKey, n int64) {
	c.stats.Requests++
	c.stats.Bytes += n
	c.stats.ByFile[key.name] += n
	if c.seen[key] {
		c.stats.Refetched += n
	}
	c.seen[key] = true
}

// evict drops least recently used blocks until the cache fits its limit,
// always keeping the newest (a block larger than the limit is still
// served: the reader holds it while it copies).
func (c *blockCache) evict() {
	for c.used > c.limit && c.lru.Len() > 1 {
		b := c.lru.Remove(c.lru.Back()).(*block)
		b.elem = nil
		delete(c.blocks, b.key)
		c.used -= int64(len(b.data))
	}
}

// snapshot returns a copy of the counters.
func (c *blockCache) snapshot() FetchStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.stats
	st.ByFile = make(map[string]int64, len(c.stats.ByFile))
	for k, v := range c.stats.ByFile {
		st.ByFile[k] = v
	}
	return st
}
