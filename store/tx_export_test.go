package store

// Get runs a query in the transaction, for tests that check what it sees
// before it commits.
func (tx *Tx) Get(dest any, query string, args ...any) error { return tx.tx.Get(dest, query, args...) }
