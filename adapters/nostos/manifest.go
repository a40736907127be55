package nostos

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// manifest is a dataset's list of committed versions and its active
// pointer. It is replaced as a whole (write a temporary file, fsync, rename,
// fsync the directory), so a reader sees the old one or the new one, never a
// mix: the rename is the atomic step that publishes a version.
type manifest struct {
	Format   int       `json:"format"`
	Dataset  string    `json:"dataset"`
	Active   int       `json:"active"`
	Last     int       `json:"last"` // highest version ever committed; numbers are never reused
	Versions []Version `json:"versions"`
}

const (
	manifestName   = "manifest.json"
	lockName       = ".lock"
	manifestFormat = 1
)

// versionFile is the file name of a version: v000004.db.
func versionFile(v int) string { return fmt.Sprintf("v%06d.db", v) }

// parseVersionFile returns the version of a file name made by versionFile.
func parseVersionFile(name string) (int, bool) {
	s, ok := strings.CutPrefix(name, "v")
	if !ok {
		return 0, false
	}
	s, ok = strings.CutSuffix(s, ".db")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

// readManifest reads a dataset's manifest; ErrNoDataset when absent.
func readManifest(dir string) (*manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoDataset
	}
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, manifestName), err)
	}
	if m.Format != manifestFormat {
		return nil, fmt.Errorf("%s: format %d, this quill reads %d", filepath.Join(dir, manifestName), m.Format, manifestFormat)
	}
	return &m, nil
}

// version returns the description of version v.
func (m *manifest) version(v int) (Version, bool) {
	for _, x := range m.Versions {
		if x.Version == v {
			return x, true
		}
	}
	return Version{}, false
}

// dataset renders the manifest as a Dataset, versions newest first.
func (m *manifest) dataset() Dataset {
	d := Dataset{Name: m.Dataset, Active: m.Active, Last: m.Last, Versions: slices.Clone(m.Versions)}
	slices.SortFunc(d.Versions, func(a, b Version) int { return b.Version - a.Version })
	for i := range d.Versions {
		d.Versions[i].Active = d.Versions[i].Version == m.Active
	}
	return d
}

// writeManifest replaces a dataset's manifest atomically and durably.
func writeManifest(dir string, m *manifest) error {
	m.Format = manifestFormat
	slices.SortFunc(m.Versions, func(a, b Version) int { return a.Version - b.Version })
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".manifest-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, manifestName)); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename or unlink in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// cleanStale removes what a crashed writer left in a dataset directory:
// version files the manifest does not list (a version never committed, or
// one pruned from the manifest before its file was deleted) and temporary
// manifests. Only a holder of the writer lock may call it.
func cleanStale(dir string, m *manifest) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	for _, e := range ents {
		name := e.Name()
		v, isVersion := parseVersionFile(name)
		stale := strings.HasPrefix(name, ".manifest-")
		if isVersion {
			_, kept := m.version(v)
			stale = !kept
		}
		if !stale {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return removed, err
		}
		removed = append(removed, name)
	}
	if len(removed) > 0 {
		return removed, syncDir(dir)
	}
	return nil, nil
}

// lockDir takes the writer lock of a dataset directory: an exclusive flock
// on its .lock file, which the kernel releases when the process dies, so a
// crash never leaves a dataset locked. It polls until ctx is done because
// flock cannot be interrupted.
func lockDir(ctx context.Context, dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err := tryLock(f)
		if err == nil {
			return func() { f.Close() }, nil // closing the file releases the lock
		}
		if !errors.Is(err, errLocked) {
			f.Close()
			return nil, err
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for the writer lock of %s: %w", dir, context.Cause(ctx))
		case <-time.After(20 * time.Millisecond):
		}
	}
}
