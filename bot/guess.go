package bot

import (
	"context"
	"time"
)

// Code guesses (a juror's invite code, a link code): an account that sent
// maxCodeGuesses wrong codes within codeGuessWindow must wait until the
// first of them is that old, whatever code it sends. The count is kept in
// the database, so it holds across replicas. A code has 60 random bits: at 5
// guesses per 15 minutes, guessing one is hopeless.
const (
	maxCodeGuesses  = 5
	codeGuessWindow = 15 * time.Minute
)

// guessWait returns how many minutes the sender must wait before their next
// code is tried; 0 when it can be now.
func guessWait(ctx context.Context, r *Request) (int, error) {
	n, first, err := r.Tx.WrongCodeGuesses(ctx, r.Account.ID, r.Now.Add(-codeGuessWindow))
	if err != nil || n < maxCodeGuesses {
		return 0, err
	}
	wait := first.Add(codeGuessWindow).Sub(r.Now)
	return max(1, int((wait+time.Minute-1)/time.Minute)), nil
}

// wrongGuess records that the code the sender sent matches nothing.
func wrongGuess(ctx context.Context, r *Request) error {
	return r.Tx.RecordWrongCodeGuess(ctx, r.Account.ID, r.Now, r.Now.Add(-codeGuessWindow))
}
