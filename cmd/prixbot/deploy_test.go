package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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

// TestComposeReplicasConfig checks that compose.yaml describes Postgres, a
// migration step and two bot replicas in webhook mode behind a balancer, and
// that the replicas' environment, filled from .env.example, is a
// configuration prixbot accepts. (Docker itself is not run by the tests.)
func TestComposeReplicasConfig(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	vars := dotenvExample(t)
	var missing []string
	src := interpolation.ReplaceAllStringFunc(string(raw), func(m string) string {
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
	if len(missing) > 0 {
		t.Errorf("compose.yaml needs %v, which .env.example does not set", missing)
	}
	var doc struct {
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
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	for _, name := range []string{"postgres", "migrate", "bot1", "bot2", "lb"} {
		if _, ok := doc.Services[name]; !ok {
			t.Errorf("compose.yaml has no service %s", name)
		}
	}
	for _, name := range []string{"bot1", "bot2"} {
		s := doc.Services[name]
		var env []string
		for k, v := range s.Environment {
			env = append(env, k+"="+v)
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
}

// TestDockerfileBuildCommand runs the Dockerfile's go build command here: a
// static binary with no cgo.
func TestDockerfileBuildCommand(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`CGO_ENABLED=0 go build (.*) -o /out/prixbot ./cmd/prixbot`).FindStringSubmatch(string(raw))
	if m == nil {
		t.Fatal("the Dockerfile has no CGO_ENABLED=0 go build of ./cmd/prixbot")
	}
	for _, want := range []string{"FROM gcr.io/distroless/static", "USER 65532", "ENTRYPOINT"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the Dockerfile lacks %q", want)
		}
	}
	bin := filepath.Join(t.TempDir(), "prixbot")
	line := "CGO_ENABLED=0 go build " + m[1] + " -o " + bin + " ."
	if out, err := exec.Command("sh", "-c", line).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
	out, err := exec.Command("file", bin).CombinedOutput()
	if err == nil && !strings.Contains(string(out), "statically linked") {
		t.Errorf("the binary is not static: %s", out)
	}
}
