package bot_test

import (
	"testing"

	"prixbot/store/storetest"
)

// TestMain stops the throw-away PostgreSQL cluster, if the tests started one.
// It is the package's only TestMain: every conversation's tests share it.
func TestMain(m *testing.M) { storetest.Main(m) }
