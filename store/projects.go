package store

import (
	"context"

	"prixbot/contest"
)

type projectRow struct {
	ID           string `db:"id"`
	Name         string `db:"name"`
	Organisation string `db:"organisation"`
	Sector       string `db:"sector"`
	Summary      string `db:"summary"`
	URL          string `db:"url"`
	ImageURL     string `db:"image_url"`
	Shortlisted  bool   `db:"shortlisted"`
	Position     int    `db:"position"`
}

func (r projectRow) project() contest.Project {
	return contest.Project{ID: r.ID, Name: r.Name, Organisation: r.Organisation, Sector: r.Sector,
		Summary: r.Summary, URL: r.URL, ImageURL: r.ImageURL, Shortlisted: r.Shortlisted}
}

// ImportProjects upserts projects of a contest in one transaction, keeping the
// file order for browsing. It returns how many rows were inserted or changed;
// importing the same file twice changes nothing the second time. Each
// inserted or changed project is audited on its own row, like a shortlist
// change: before holds the fields that changed (null for a new project),
// after their new values.
func (s *Store) ImportProjects(ctx context.Context, contestID int64, projects []contest.Project, actor Actor) (changed int, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		var rows []projectRow
		if err := tx.tx.SelectContext(ctx, &rows, `SELECT id, name, organisation, sector, summary, url, image_url, shortlisted, position
			FROM projects WHERE contest_id = $1 FOR UPDATE`, contestID); err != nil {
			return mapErr(err)
		}
		stored := make(map[string]projectRow, len(rows))
		for _, r := range rows {
			stored[r.ID] = r
		}
		for i, p := range projects {
			next := projectRow{ID: p.ID, Name: p.Name, Organisation: p.Organisation, Sector: p.Sector, Summary: p.Summary,
				URL: p.URL, ImageURL: p.ImageURL, Shortlisted: p.Shortlisted, Position: i + 1}
			var before any // null for a new project
			after := next.fields()
			if old, ok := stored[p.ID]; ok {
				b, a := changes(old.fields(), next.fields())
				if len(a) == 0 {
					continue
				}
				before, after = b, a
			}
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO projects (contest_id, id, name, organisation, sector, summary, url, image_url, shortlisted, position)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
				ON CONFLICT (contest_id, id) DO UPDATE SET name = EXCLUDED.name, organisation = EXCLUDED.organisation,
					sector = EXCLUDED.sector, summary = EXCLUDED.summary, url = EXCLUDED.url, image_url = EXCLUDED.image_url,
					shortlisted = EXCLUDED.shortlisted, position = EXCLUDED.position`,
				contestID, p.ID, p.Name, p.Organisation, p.Sector, p.Summary, p.URL, p.ImageURL, p.Shortlisted, i+1); err != nil {
				return mapErr(err)
			}
			if err := audit(ctx, tx, contestID, actor, "import project", p.ID, before, after); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	return changed, err
}

// fields returns a project's stored fields by column name, as audited.
func (r projectRow) fields() map[string]any {
	return map[string]any{"name": r.Name, "organisation": r.Organisation, "sector": r.Sector, "summary": r.Summary,
		"url": r.URL, "image_url": r.ImageURL, "shortlisted": r.Shortlisted, "position": r.Position}
}

// Projects returns every project of a contest in file order.
func (s *Store) Projects(ctx context.Context, contestID int64) ([]contest.Project, error) {
	var rows []projectRow
	err := s.db.SelectContext(ctx, &rows, `SELECT id, name, organisation, sector, summary, url, image_url, shortlisted
		FROM projects WHERE contest_id = $1 ORDER BY position, id`, contestID)
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]contest.Project, len(rows))
	for i, r := range rows {
		out[i] = r.project()
	}
	return out, nil
}

// Project returns one project; contest.NotFound when there is none.
func (s *Store) Project(ctx context.Context, contestID int64, id string) (contest.Project, error) {
	var r projectRow
	err := s.db.GetContext(ctx, &r, `SELECT id, name, organisation, sector, summary, url, image_url, shortlisted
		FROM projects WHERE contest_id = $1 AND id = $2`, contestID, id)
	if err != nil {
		if contest.ErrorCode(mapErr(err)) == contest.NotFound {
			return contest.Project{}, contest.Errorf(contest.NotFound, "no project %q", id)
		}
		return contest.Project{}, mapErr(err)
	}
	return r.project(), nil
}
