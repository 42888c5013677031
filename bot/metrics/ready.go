package metrics

import (
	"slices"
	"sync"
)

// readiness is the state every component last reported.
var readiness struct {
	mu sync.Mutex
	ok map[string]bool
}

// SetReady records whether component (e.g. "database", "telegram", "slack",
// "dispatcher") can do its job. A component should report false as soon as
// it is configured and true once connected, so `GET /readyz` fails until it
// is; it reports false again when it loses its connection. Only the name is
// kept: reasons belong in the logs, since /readyz is unauthenticated.
func SetReady(component string, ok bool) {
	readiness.mu.Lock()
	if readiness.ok == nil {
		readiness.ok = map[string]bool{}
	}
	readiness.ok[component] = ok
	readiness.mu.Unlock()
	v := 0.0
	if ok {
		v = 1
	}
	ready.WithLabelValues(component).Set(v)
}

// NotReady returns, sorted, the components whose last report was false.
func NotReady() []string {
	readiness.mu.Lock()
	defer readiness.mu.Unlock()
	var out []string
	for c, ok := range readiness.ok {
		if !ok {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}
