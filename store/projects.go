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
}

func (r projectRow) project() contest.Project {
	return contest.Project{ID: r.ID, Name: r.Name, Organisation: r.Organisation, Sector: r.Sector,
		Summary: r.Summary, URL: r.URL, ImageURL: r.ImageURL, Shortlisted: r.Shortlisted}
}

// ImportProjects upserts projects of a contest in one transaction, keeping the
// file order for browsing. It returns how many rows were inserted or changed;
// importing the same file twice changes nothing the second time.
func (s *Store) ImportProjects(ctx context.Context, contestID int64, projects []contest.Project, actor Actor) (changed int, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		for i, p := range projects {
			res, err := tx.ExecContext(ctx, `INSERT INTO projects (contest_id, id, name, organisation, sector, summary, url, image_url, shortlisted, position)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
				ON CONFLICT (contest_id, id) DO UPDATE SET name = EXCLUDED.name, organisation = EXCLUDED.organisation,
					sector = EXCLUDED.sector, summary = EXCLUDED.summary, url = EXCLUDED.url, image_url = EXCLUDED.image_url,
					shortlisted = EXCLUDED.shortlisted, position = EXCLUDED.position
				WHERE (projects.name, projects.organisation, projects.sector, projects.summary, projects.url, projects.image_url, projects.shortlisted, projects.position)
					IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.organisation, EXCLUDED.sector, EXCLUDED.summary, EXCLUDED.url, EXCLUDED.image_url, EXCLUDED.shortlisted, EXCLUDED.position)`,
				contestID, p.ID, p.Name, p.Organisation, p.Sector, p.Summary, p.URL, p.ImageURL, p.Shortlisted, i+1)
			if err != nil {
				return mapErr(err)
			}
			n, _ := res.RowsAffected()
			changed += int(n)
		}
		if changed == 0 {
			return nil
		}
		return audit(ctx, tx, contestID, actor, "import projects", "", nil, map[string]int{"rows": len(projects), "changed": changed})
	})
	return changed, err
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
