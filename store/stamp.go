package store

import "context"

// PublicStamp returns a short value that changes whenever what the public
// web pages show may change: another current contest, a contest import, the
// announcement, and every audited change (phases moved, projects imported or
// shortlisted, votes voided, jury scores imported, erasure). The jurors' own
// work (audited as "jury …") leaves it alone: it is hidden until the
// announcement, after which the jury can no longer score. It costs one index
// lookup per table, so a web server can check it every second.
func (s *Store) PublicStamp(ctx context.Context) (string, error) {
	var stamp string
	err := s.db.GetContext(ctx, &stamp, `SELECT coalesce((SELECT id || '/' || extract(epoch FROM updated_at) || '/' || coalesce(extract(epoch FROM announced_at)::text, '')
			FROM contests ORDER BY created_at DESC, id DESC LIMIT 1), '')
		|| '/' || coalesce((SELECT max(id) FROM audit_log WHERE action NOT LIKE 'jury %'), 0)`)
	return stamp, mapErr(err)
}
