package web

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"prixbot/bot/report"
	"prixbot/contest"
	"prixbot/store"
)

// snapshot is what the pages show, as loaded for one database stamp, with
// the pages rendered from it so far.
type snapshot struct {
	stamp   string
	checked atomic.Int64 // when the stamp was last checked, in Unix ns

	ed       *store.Edition    // nil when no contest was imported yet
	projects []contest.Project // the shortlist, in file order
	byID     map[string]*contest.Project
	csp      []string // the Content-Security-Policy header of its pages

	// After the announcement:
	standings []contest.Standing
	receipts  map[string]string // receipt code → project id
	// receiptFiles holds the published receipt lists: "all.csv" and
	// "all.json" (the bytes of `prixbot export receipts`), and
	// "<project>.csv" for each project (its rows of all.csv).
	receiptFiles map[string][]byte

	// rendered holds the pages rendered so far, by language (fr, nl, en)
	// then path.
	rendered [3]sync.Map
}

// page is a rendered response, its headers ready to be set.
type page struct {
	status                     int
	body                       []byte
	ctype, length, disposition []string
	// until is when the page must be rendered again because its text
	// depends on the clock; zero: only when the contest changes.
	until time.Time
}

// load reads the current contest for stamp.
func (s *Server) load(ctx context.Context, stamp string) (*snapshot, error) {
	sn := &snapshot{stamp: stamp, csp: strictPolicy, byID: map[string]*contest.Project{}}
	ed, err := s.cfg.Store.Current(ctx)
	if contest.ErrorCode(err) == contest.NotFound {
		return sn, nil
	}
	if err != nil {
		return nil, err
	}
	sn.ed = ed
	all, err := s.cfg.Store.Projects(ctx, ed.ID)
	if err != nil {
		return nil, err
	}
	var images []string
	for _, p := range all {
		if p.Shortlisted {
			sn.projects = append(sn.projects, p)
			images = append(images, p.ImageURL)
		}
	}
	for i := range sn.projects {
		sn.byID[sn.projects[i].ID] = &sn.projects[i]
	}
	sn.csp = []string{policyWithObjects(images)}
	if ed.AnnouncedAt == nil {
		return sn, nil
	}
	if sn.standings, err = report.Rank(ctx, s.cfg.Store, ed); err != nil {
		return nil, err
	}
	if err := sn.loadReceipts(ctx, s.cfg.Store); err != nil {
		return nil, err
	}
	return sn, nil
}

// loadReceipts reads the published receipts, made by the same code as
// `prixbot export receipts`: the downloadable lists, and from the CSV one
// (one "project,code" line per counted vote, sorted by project) the lookup
// table and each project's list.
func (sn *snapshot) loadReceipts(ctx context.Context, st *store.Store) error {
	sn.receiptFiles = map[string][]byte{}
	for _, format := range []string{"csv", "json"} {
		var buf bytes.Buffer
		if err := report.Export(ctx, st, "receipts", format, &buf); err != nil {
			return err
		}
		sn.receiptFiles["all."+format] = buf.Bytes()
	}
	lines := bytes.SplitAfter(sn.receiptFiles["all.csv"], []byte("\n"))
	header := lines[0]
	sn.receipts = make(map[string]string, len(lines))
	for _, p := range sn.projects {
		sn.receiptFiles[p.ID+".csv"] = slices.Clone(header)
	}
	for _, line := range lines[1:] {
		project, code, ok := strings.Cut(strings.TrimSpace(string(line)), ",")
		if !ok {
			continue
		}
		sn.receipts[code] = project
		if f, ok := sn.receiptFiles[project+".csv"]; ok {
			sn.receiptFiles[project+".csv"] = append(f, line...)
		}
	}
	return nil
}
