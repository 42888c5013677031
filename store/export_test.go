package store

import "context"

// MigrateTo brings the database to version, applying migrations up to it
// (goose up-to) or rolling back those after it (goose down-to), so that a
// test can fill a database as an older release left it.
func (s *Store) MigrateTo(ctx context.Context, version int64) error {
	p, err := s.migrator()
	if err != nil {
		return err
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	if version < current {
		_, err = p.DownTo(ctx, version)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	return err
}
