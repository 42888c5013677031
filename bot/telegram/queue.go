package telegram

import (
	"context"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// job is one update for a worker; done receives once the worker is done
// with it: true when it was handled, false when it is left for Telegram to
// deliver again (see Adapter.handled).
type job struct {
	update tgbotapi.Update
	user   int64 // the sender, 0 for none: the updates of a user are handled in turn
	done   chan bool
	// reply, for an update that came through the webhook, takes the Bot API
	// call that goes back in the webhook's response instead of being made by
	// us (see WebhookHandler); nil otherwise.
	reply *webhookReply
}

func newJob(u tgbotapi.Update, reply *webhookReply) job {
	j := job{update: u, done: make(chan bool, 1), reply: reply}
	if from := u.SentFrom(); from != nil {
		j.user = from.ID
	}
	return j
}

// userQueue hands updates to the workers so that one user's updates are
// handled one at a time, in the order they were pushed, while no update
// waits behind another user's: a Bot API call that hangs for one chat (a
// photo Telegram is slow to fetch, a connection stalled until the client's
// timeout) holds up that user and one worker, nobody else. (Workers each
// owning a fixed share of the users, as before, made every user of the
// share wait.)
type userQueue struct {
	// slots holds a token per update admitted and not yet handled.
	slots chan struct{}
	// ready holds the updates whose user has no update before them; as
	// large as slots, so that sending to it never blocks.
	ready chan job

	mu sync.Mutex
	// behind has an entry for each user with an update in ready or being
	// handled: the user's updates pushed since, in order.
	behind map[int64][]job
}

func newUserQueue(capacity int) *userQueue {
	return &userQueue{slots: make(chan struct{}, capacity), ready: make(chan job, capacity), behind: map[int64][]job{}}
}

// tryPush admits j if there is room, and reports whether it did.
func (q *userQueue) tryPush(j job) bool {
	select {
	case q.slots <- struct{}{}:
		q.enqueue(j)
		return true
	default:
		return false
	}
}

// pushAll admits jobs in order, waiting for room until ctx ends, and
// returns how many it admitted. It queues them all at once, so that a
// user's later updates are behind the earlier ones before a worker is done
// with any of them (see Adapter.work). There must be room for all of them
// once the workers are done with what they hold.
func (q *userQueue) pushAll(ctx context.Context, jobs []job) int {
	n := 0
admit:
	for ; n < len(jobs) && ctx.Err() == nil; n++ {
		select {
		case q.slots <- struct{}{}:
		case <-ctx.Done():
			break admit
		}
	}
	q.enqueue(jobs[:n]...)
	return n
}

func (q *userQueue) enqueue(jobs ...job) {
	var ready []job
	q.mu.Lock()
	for _, j := range jobs {
		if waiting, busy := q.behind[j.user]; busy {
			q.behind[j.user] = append(waiting, j)
			continue
		}
		q.behind[j.user] = nil
		ready = append(ready, j)
	}
	q.mu.Unlock()
	for _, j := range ready {
		q.ready <- j
	}
}

// handled is told by the worker that handled j; it returns the user's next
// update, which that worker handles next, or false when there is none.
func (q *userQueue) handled(j job) (job, bool) {
	<-q.slots
	q.mu.Lock()
	defer q.mu.Unlock()
	waiting := q.behind[j.user]
	if len(waiting) == 0 {
		delete(q.behind, j.user)
		return job{}, false
	}
	next := waiting[0]
	waiting[0] = job{}
	q.behind[j.user] = waiting[1:]
	return next, true
}
