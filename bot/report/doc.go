// Package report renders what organisers take away from a contest: the
// ranking (results CSV and JSON of DESIGN.md) and the exports of votes, jury
// scores, the audit log and the receipts. The CLI and the organisers' chat
// commands share it, so both give the same bytes.
package report
