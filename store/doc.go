// Package store keeps prixbot's state in PostgreSQL through sqlx and lib/pq.
//
// The schema lives in embedded SQL migrations applied with goose. Every method
// takes a context; methods that change several rows run in one transaction and
// write their audit row in it. Driver errors are turned into contest error
// codes by SQLSTATE (23505 unique violation -> contest.Conflict).
package store
