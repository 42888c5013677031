package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lib/pq"
	"gopkg.in/yaml.v3"
)

// root is the repository's top directory, from this package's.
const root = "../.."

// dotenvExample reads .env.example as compose would read .env.
func dotenvExample(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(root, ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vars := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			vars[k] = v
		}
	}
	return vars
}

// interpolation is compose's ${VAR}, ${VAR:-default} and ${VAR:?error}.
var interpolation = regexp.MustCompile(`\$\{(\w+)(?::([-?])([^}]*))?\}`)

// compose is what the tests read of compose.yaml.
type compose struct {
	Services map[string]struct {
		Build       any               `yaml:"build"`
		Image       string            `yaml:"image"`
		Command     []string          `yaml:"command"`
		Environment map[string]string `yaml:"environment"`
		Ports       []string          `yaml:"ports"`
	} `yaml:"services"`
	Configs map[string]struct {
		Content string `yaml:"content"`
	} `yaml:"configs"`
}

// readCompose parses compose.yaml, then fills in its values from vars as
// compose does (after parsing, so any character of a value is safe). It
// fails the test on a required variable vars lacks.
func readCompose(t *testing.T, vars map[string]string) compose {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc compose
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	var missing []string
	fill := func(v string) string {
		return interpolation.ReplaceAllStringFunc(v, func(m string) string {
			g := interpolation.FindStringSubmatch(m)
			if v, ok := vars[g[1]]; ok && (v != "" || g[2] != "-") {
				return v
			}
			if g[2] == "-" {
				return g[3]
			}
			missing = append(missing, g[1])
			return ""
		})
	}
	for _, svc := range doc.Services {
		for k, v := range svc.Environment {
			svc.Environment[k] = fill(v)
		}
	}
	for name, c := range doc.Configs {
		c.Content = fill(c.Content)
		doc.Configs[name] = c
	}
	if len(missing) > 0 {
		t.Errorf("compose.yaml needs %v, which .env.example does not set", missing)
	}
	return doc
}

// configTable returns the variables of README.md's configuration table.
func configTable(t *testing.T) map[string]bool {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(raw), "\n## Configuration\n")
	section, _, _ = strings.Cut(section, "\n## ")
	vars := map[string]bool{}
	for _, line := range strings.Split(section, "\n") {
		if cells := strings.Split(line, "|"); len(cells) > 2 && strings.HasPrefix(line, "| `") {
			for _, m := range regexp.MustCompile("`([A-Z][A-Z0-9_]+)`").FindAllStringSubmatch(cells[1], -1) {
				vars[m[1]] = true
			}
		}
	}
	if !vars["DATABASE_URL"] || !vars["VOTER_PEPPER"] {
		t.Fatalf("README.md's configuration table not found: %v", vars)
	}
	return vars
}

// notInContainers are the variables of the configuration table that the
// replicas must not get, and why.
var notInContainers = map[string]string{
	"PRIXBOT_DATA":  "the image has no embedded cluster: DATABASE_URL is required (the Dockerfile sets it for local state)",
	"SLACK_API_URL": "a test setting",
}

// TestComposeReplicasConfig checks that compose.yaml describes Postgres, a
// migration step and two bot replicas in webhook mode behind a balancer; that
// the replicas get every variable of README.md's configuration table (and
// nothing else); that their environment, filled from .env.example, is a
// configuration prixbot accepts; and that the database password, whatever
// its characters, reaches the driver intact and never sits in a URL.
// (Docker itself is not run by the tests: this machine has no daemon.)
// Not parallel: it sets PGPASSWORD, which the driver reads from the
// process's environment.
func TestComposeReplicasConfig(t *testing.T) {
	vars := dotenvExample(t)
	const password = `p@ss:w/rd?#%ü "'`
	vars["POSTGRES_PASSWORD"] = password
	doc := readCompose(t, vars)
	for _, name := range []string{"postgres", "migrate", "bot1", "bot2", "lb"} {
		if _, ok := doc.Services[name]; !ok {
			t.Errorf("compose.yaml has no service %s", name)
		}
	}
	table := configTable(t)
	for _, name := range []string{"bot1", "bot2", "migrate"} {
		s := doc.Services[name]
		var env []string
		for k, v := range s.Environment {
			env = append(env, k+"="+v)
			if !table[k] {
				t.Errorf("%s gets %s, which README.md's configuration table does not describe", name, k)
			}
		}
		if s.Environment["PGPASSWORD"] != password || strings.Contains(s.Environment["DATABASE_URL"], "p@ss") {
			t.Errorf("%s: the password does not go through PGPASSWORD alone: %q", name, s.Environment)
		}
		t.Setenv("PGPASSWORD", s.Environment["PGPASSWORD"])
		pg, err := pq.NewConfig(s.Environment["DATABASE_URL"])
		if err != nil || pg.Password != password || pg.Host != "postgres" || pg.Database != "prixbot" || pg.User != "prixbot" {
			t.Errorf("%s: the driver reads %+v (%v), want user prixbot, the password, host postgres, database prixbot", name, pg, err)
		}
		if name == "migrate" {
			continue
		}
		for v := range table {
			if _, ok := s.Environment[v]; !ok && notInContainers[v] == "" && v != "PGPASSWORD" || ok && notInContainers[v] != "" {
				t.Errorf("%s: %s is in README.md's configuration table but compose.yaml does not pass it (or passes what it must not)", name, v)
			}
		}
		cfg, err := loadConfig(env)
		if err != nil {
			t.Errorf("%s: prixbot refuses its environment: %v", name, err)
			continue
		}
		if cfg.DatabaseURL == "" || cfg.TelegramWebhookURL == "" || !strings.HasPrefix(cfg.HTTPAddr, "0.0.0.0:") {
			t.Errorf("%s is not a webhook replica on a shared database listening on all interfaces: %+v", name, cfg)
		}
		if !strings.Contains(doc.Configs["caddyfile"].Content, name+":8080") {
			t.Errorf("the balancer does not send to %s:8080", name)
		}
	}
	if doc.Services["migrate"].Command[0] != "migrate" {
		t.Errorf("the migrate service runs %v", doc.Services["migrate"].Command)
	}
	ignored, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil || !slices.Contains(strings.Fields(string(ignored)), ".env") {
		t.Errorf(".dockerignore does not keep .env (the secrets) out of the image: %q", ignored)
	}
}

// TestContainerCommandLines runs, against a test database, the command lines
// the containers run: the image's default command, the migrate service's,
// and the docker compose commands README.md gives, with their bind mounts
// mapped back to the repository.
func TestContainerCommandLines(t *testing.T) {
	t.Parallel()
	dockerfile, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	instruction := func(name string) []string {
		m := regexp.MustCompile(`(?m)^` + name + ` (\[.*\])$`).FindSubmatch(dockerfile)
		var args []string
		if m == nil || json.Unmarshal(m[1], &args) != nil {
			t.Fatalf("the Dockerfile has no %s in exec form", name)
		}
		return args
	}
	entry, cmd := instruction("ENTRYPOINT"), instruction("CMD")
	if !regexp.MustCompile(`(?m)^COPY --from=build /out/prixbot `+regexp.QuoteMeta(entry[0])+`$`).Match(dockerfile) || len(entry) != 1 {
		t.Errorf("ENTRYPOINT %v is not the binary the Dockerfile copies", entry)
	}
	if !slices.Equal(cmd, []string{"run"}) {
		t.Errorf("the image runs %v, want run", cmd)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := readCompose(t, dotenvExample(t))
	e := newTestEnv(t)
	e.mustRun(doc.Services["migrate"].Command...)
	documented := regexp.MustCompile(`(?m)^docker compose run --rm (.*)$`).FindAllStringSubmatch(string(readme), -1)
	if len(documented) < 3 {
		t.Fatalf("README.md gives %d docker compose run commands", len(documented))
	}
	for _, line := range documented {
		args := strings.Fields(line[1])
		mounts := map[string]string{}
		for len(args) > 1 && strings.HasPrefix(args[0], "-") {
			if args[0] == "-v" {
				src, dst, _ := strings.Cut(strings.TrimSuffix(args[1], ":ro"), ":")
				mounts[dst] = filepath.Join(root, src)
				args = args[1:]
			}
			args = args[1:]
		}
		svc, ok := doc.Services[args[0]]
		if !ok {
			t.Errorf("%q: no service %s", line[0], args[0])
			continue
		}
		args = args[1:]
		for i, a := range args {
			for dst, src := range mounts {
				if rest, ok := strings.CutPrefix(a, dst+"/"); ok {
					args[i] = filepath.Join(src, rest)
				}
			}
		}
		env := []string{"DATABASE_URL=" + e.url, "LOG_LEVEL=warn", "PRIXBOT_DATA=" + t.TempDir()}
		for k, v := range svc.Environment {
			if k != "DATABASE_URL" && k != "PGPASSWORD" {
				env = append(env, k+"="+v)
			}
		}
		var out, errb bytes.Buffer
		if code := runCLI(context.Background(), args, strings.NewReader(""), &out, &errb, env); code != 0 {
			t.Errorf("%q: exit %d: %s", line[0], code, errb.String())
		}
	}
}

// TestDockerfileBuildCommand runs the Dockerfile's go build command here: a
// static binary with no cgo. buildBinary finds and runs it, once for this
// test and the end-to-end tests, which run the binary it makes.
func TestDockerfileBuildCommand(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"FROM gcr.io/distroless/static", "USER 65532", "ENTRYPOINT"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the Dockerfile lacks %q", want)
		}
	}
	bin := buildBinary(t)
	out, err := exec.Command("file", bin).CombinedOutput()
	if err == nil && !strings.Contains(string(out), "statically linked") {
		t.Errorf("the binary is not static: %s", out)
	}
}
