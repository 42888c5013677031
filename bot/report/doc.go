// Package report renders what organisers take away from a contest: the
// ranking (results CSV and JSON) and the exports of votes, jury scores, the
// audit log and the receipts, in the formats of docs/contracts.md. The CLI and the organisers' chat
// commands share it, so both give the same bytes.
package report
