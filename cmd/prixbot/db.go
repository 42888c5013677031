package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"prixbot/contest"
	"prixbot/examples"
	"prixbot/store"
	"prixbot/store/localpg"
)

// database is an open store and, on the embedded default, the private cluster
// that serves it.
type database struct {
	*store.Store
	cluster *localpg.Cluster
}

// openDatabase connects to DATABASE_URL, or starts (or reuses) the private
// cluster under PRIXBOT_DATA when it is unset.
func (c *cli) openDatabase(ctx context.Context) (*database, error) {
	url := c.cfg.DatabaseURL
	var cluster *localpg.Cluster
	if url == "" {
		dir, err := filepath.Abs(filepath.Join(c.cfg.DataDir, "postgres"))
		if err != nil {
			return nil, err
		}
		cluster, err = localpg.Start(ctx, dir, c.log)
		if errors.Is(err, localpg.ErrAlreadyRunning) {
			// `prixbot run` holds the cluster: share it.
			cluster, err = localpg.Attach(dir, c.log)
		}
		if err != nil {
			if errors.Is(err, localpg.ErrNoPostgres) {
				return nil, fmt.Errorf("no DATABASE_URL is set and no PostgreSQL binaries were found: install PostgreSQL (apt-get install postgresql) or set DATABASE_URL to a PostgreSQL server")
			}
			return nil, fmt.Errorf("start the embedded PostgreSQL under %s: %w", dir, err)
		}
		if err := cluster.CreateDatabase(ctx, "prixbot"); err != nil {
			cluster.Stop(context.Background())
			return nil, err
		}
		url = cluster.URL("prixbot")
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		if cluster != nil {
			cluster.Stop(context.Background())
		}
		return nil, err
	}
	return &database{Store: st, cluster: cluster}, nil
}

// openMigrated opens the database for a command that reads or changes the
// contest without migrating it first: a database whose migrations are not
// all applied (never migrated at all, or older than this binary) is refused
// with the command that fixes it, rather than failing on a missing table.
func (c *cli) openMigrated(ctx context.Context) (*database, error) {
	db, err := c.openDatabase(ctx)
	if err != nil {
		return nil, err
	}
	current, err := db.MigrationsCurrent(ctx)
	if err == nil && !current {
		err = errors.New("the database has not been migrated to this version of prixbot: run `prixbot migrate` first")
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openAndMigrate is openDatabase, then the migrations the database lacks.
func (c *cli) openAndMigrate(ctx context.Context) (*database, error) {
	db, err := c.openDatabase(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the pool and stops the embedded cluster, if any.
func (d *database) Close() error {
	err := d.Store.Close()
	if d.cluster != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = errors.Join(err, d.cluster.Stop(ctx))
	}
	return err
}

// sampleOrHint loads the sample contest on the embedded default (no
// DATABASE_URL) when the database holds no contest yet, placing its calendar
// around now. On a DATABASE_URL it never does (a deployment must not put the
// demo live): it logs how to import a contest when there is none.
func (c *cli) sampleOrHint(ctx context.Context, st *store.Store, now time.Time) error {
	if c.cfg.DatabaseURL == "" {
		loaded, err := loadSample(ctx, st, now)
		if loaded {
			c.log.Info("no contest in the database: loaded the sample contest, its calendar placed around today", "file", "examples/prix-2026")
		}
		return err
	}
	if _, err := st.Current(ctx); contest.ErrorCode(err) != contest.NotFound {
		return err
	}
	c.log.Warn("no contest in the database: the bot answers that none is running until one is imported with " +
		"`prixbot import contest FILE.yaml` and `prixbot import projects FILE.csv`")
	return nil
}

// importSample is `prixbot import sample`: the sample contest, as the
// embedded default loads it, into a database that holds no contest.
func (c *cli) importSample(ctx context.Context) error {
	db, err := c.openAndMigrate(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	loaded, err := loadSample(ctx, db.Store, time.Now())
	if err != nil {
		return err
	}
	if !loaded {
		return errors.New("the database already holds a contest: the sample is only loaded into an empty one")
	}
	fmt.Fprintln(c.stdout, "loaded the sample contest (examples/prix-2026), its calendar placed around today")
	return nil
}

// loadSample imports the sample contest shipped in the binary when the
// database holds no contest yet, every phase moved by the same number of
// days so that the public vote is open at now (contest.Calendar.Around). It
// reports whether it did. The contest file is kept as shipped: importing it
// again changes nothing.
func loadSample(ctx context.Context, st *store.Store, now time.Time) (bool, error) {
	if _, err := st.Current(ctx); err == nil {
		return false, nil
	} else if contest.ErrorCode(err) != contest.NotFound {
		return false, err
	}
	src, err := examples.FS.ReadFile(examples.SampleContest)
	if err != nil {
		return false, err
	}
	c, err := contest.ParseContest(src)
	if err != nil {
		return false, fmt.Errorf("sample contest: %w", err)
	}
	c.Calendar = c.Calendar.Around(contest.PhasePublicVote, now, c.Location)
	actor := store.Actor{Platform: "system", ID: "sample"}
	id, _, err := st.SaveContest(ctx, c, string(src), actor)
	if contest.ErrorCode(err) == contest.Conflict {
		return false, nil // another replica starting at the same time loaded it
	}
	if err != nil {
		return false, err
	}
	f, err := examples.FS.Open(examples.SampleProjects)
	if err != nil {
		return false, err
	}
	defer f.Close()
	projects, err := contest.ParseProjects(f, c)
	if err != nil {
		return false, fmt.Errorf("sample projects: %w", err)
	}
	_, err = st.ImportProjects(ctx, id, projects, actor)
	return err == nil, err
}

// voterPepper returns VOTER_PEPPER, or on the embedded default a secret
// generated once and kept in PRIXBOT_DATA/voter_pepper (mode 0600).
func (c *cli) voterPepper() (string, error) {
	if c.cfg.VoterPepper != "" {
		return c.cfg.VoterPepper, nil
	}
	path := filepath.Join(c.cfg.DataDir, "voter_pepper")
	if b, err := os.ReadFile(path); err == nil {
		if p := strings.TrimSpace(string(b)); p != "" {
			return p, nil
		}
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	p := hex.EncodeToString(b[:])
	// 0755: as root, the embedded cluster runs as user postgres, who must
	// enter this directory; the pepper file itself is 0600.
	if err := os.MkdirAll(c.cfg.DataDir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(path, []byte(p+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("keep the generated voter pepper: %w", err)
	}
	return p, nil
}
