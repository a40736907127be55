package cassandra

import (
	"context"
	"fmt"
	"slices"

	"github.com/quill-etl/quill/adapters/nostos"
)

// dropVersion removes a version: first its row is marked dropping (readers
// stop listing it), then its table is dropped, then its row deleted. Each
// step is idempotent, so a crash anywhere is finished by the next cleanup.
func (s *Store) dropVersion(ctx context.Context, dataset string, version int) error {
	table, err := versionTable(dataset, version)
	if err != nil {
		return err
	}
	if err := s.exec(ctx, s.q.setVersionState(), stateDropping, dataset, version); err != nil {
		return err
	}
	if err := s.exec(ctx, s.q.dropTable(table)); err != nil {
		return err
	}
	s.forget(dataset)
	return s.exec(ctx, s.q.deleteVersion(), dataset, version)
}

// cleanup removes what crashed writers left, under the lease: versions
// that never became active (writing, ready) or were being dropped, and
// version tables no row names. A ready version that is active (a crash
// between the flip and the state update) is marked committed instead.
func (s *Store) cleanup(ctx context.Context, l *lease, dataset string) error {
	active, _, _, err := s.pointer(ctx, dataset)
	if err != nil {
		return err
	}
	rows, err := s.versionRows(ctx, dataset)
	if err != nil {
		return err
	}
	known := map[int]bool{}
	for _, r := range rows {
		v := r.Version.Version
		known[v] = true
		switch {
		case r.State == stateCommitted:
		case v == active:
			if err := s.exec(ctx, s.q.setVersionState(), stateCommitted, dataset, v); err != nil {
				return err
			}
		default:
			if err := s.dropVersion(ctx, dataset, v); err != nil {
				return err
			}
		}
	}
	tables, err := s.tables(ctx)
	if err != nil {
		return err
	}
	for _, v := range orphanVersions(dataset, tables, known) {
		table, _ := versionTable(dataset, v)
		if err := s.exec(ctx, s.q.dropTable(table)); err != nil {
			return err
		}
	}
	return l.check()
}

// orphanVersions returns the versions of dataset's tables that no version
// row names, in ascending order.
func orphanVersions(dataset string, tables []string, known map[int]bool) []int {
	var out []int
	for _, t := range tables {
		if v, ok := parseVersionTable(dataset, t); ok && !known[v] {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// tables lists the keyspace's tables from system_schema.
func (s *Store) tables(ctx context.Context) ([]string, error) {
	var out []string
	err := retry(ctx, s.opts.Backoff, true, func(ctx context.Context) error {
		out = out[:0]
		it := s.query(ctx, s.q.selectTables(), true, s.opts.Keyspace).Iter()
		var name string
		for it.Scan(&name) {
			out = append(out, name)
		}
		return it.Close()
	})
	return out, err
}

// committed returns the readable versions of a dataset and its active one.
func (s *Store) committed(ctx context.Context, dataset string) (active int, versions []int, err error) {
	d, err := s.Dataset(ctx, dataset)
	if err != nil {
		return 0, nil, err
	}
	for _, v := range d.Versions {
		versions = append(versions, v.Version)
	}
	return d.Active, versions, nil
}

// Rollback makes a kept version active (to = 0: the newest older than the
// active one), with the same lease-conditional LWT as a commit.
func (s *Store) Rollback(ctx context.Context, dataset string, to int) (int, error) {
	if !nostos.ValidName(dataset) {
		return 0, fmt.Errorf("%w %q", nostos.ErrBadName, dataset)
	}
	var now int
	err := s.locked(ctx, dataset, func(l *lease) error {
		active, vs, err := s.committed(ctx, dataset)
		if err != nil {
			return err
		}
		target, err := rollbackTarget(vs, active, to)
		if err != nil {
			return fmt.Errorf("%s: %w", dataset, err)
		}
		if err := l.casHeld(ctx, s.q.setActive(), target, dataset); err != nil {
			return err
		}
		s.forget(dataset)
		now = target
		return nil
	})
	return now, err
}

// rollbackTarget picks the version a rollback makes active.
func rollbackTarget(versions []int, active, to int) (int, error) {
	if to == 0 {
		for _, v := range versions {
			if v < active && v > to {
				to = v
			}
		}
		if to == 0 {
			return 0, fmt.Errorf("%w: no kept version older than the active v%d", nostos.ErrNoVersion, active)
		}
	}
	if !slices.Contains(versions, to) {
		return 0, fmt.Errorf("%w %d (kept: %v)", nostos.ErrNoVersion, to, versions)
	}
	return to, nil
}

// Prune drops the oldest versions beyond keep, never the active one. DROP
// TABLE frees a version's space without tombstones or compaction, unless
// the cluster's auto_snapshot (on by default) keeps a snapshot of it, which
// nodetool clearsnapshot removes.
func (s *Store) Prune(ctx context.Context, dataset string, keep int) ([]int, error) {
	if !nostos.ValidName(dataset) {
		return nil, fmt.Errorf("%w %q", nostos.ErrBadName, dataset)
	}
	var drops []int
	err := s.locked(ctx, dataset, func(l *lease) error {
		active, vs, err := s.committed(ctx, dataset)
		if err != nil {
			return err
		}
		drops = nostos.PruneList(vs, active, keep)
		for _, v := range drops {
			if err := l.check(); err != nil {
				return err
			}
			if err := s.dropVersion(ctx, dataset, v); err != nil {
				return err
			}
		}
		return nil
	})
	return drops, err
}
