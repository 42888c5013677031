package pace

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"prixbot/bot"
)

// TestPlatformLimits: the pacing of each platform is its production value,
// a little under the platform's published limits, counted in real seconds;
// the timed tests elsewhere run these counts in a shortened second.
func TestPlatformLimits(t *testing.T) {
	perChat := rate.Every(1050 * time.Millisecond)
	for _, c := range []struct {
		platform string
		want     Limits
		cap      int
		interval time.Duration
	}{
		{bot.Telegram, Limits{Messages: 29, PerChat: perChat}, 29, 1050 * time.Millisecond},
		{bot.Slack, Limits{Messages: 20, PerChat: perChat}, 20, 1050 * time.Millisecond},
		{bot.Console, Limits{Messages: rate.Inf, PerChat: rate.Inf}, 0, 0},
	} {
		l := For(c.platform)
		if l != c.want {
			t.Errorf("%s: limits %+v, want %+v", c.platform, l, c.want)
		}
		p := New(l)
		if p.cap != c.cap || p.interval != c.interval || p.window != time.Second ||
			p.overall.Limit() != c.want.Messages || p.perChat != c.want.PerChat {
			t.Errorf("%s: pacer caps %d starts a %s, %s between two to a chat, at %v/s and %v/s per chat; want %d a second, %s, %v/s and %v/s",
				c.platform, p.cap, p.window, p.interval, p.overall.Limit(), p.perChat, c.cap, c.interval, c.want.Messages, c.want.PerChat)
		}
	}
	if d := For(bot.Telegram).Seconds(3); d != 3*time.Second {
		t.Errorf("a retry_after of 3 waits %s, want 3s", d)
	}
	// The first back-off after a temporary failure is a second: it would
	// end past 900 ms, so Retry gives up at once.
	if n, err := New(For(bot.Telegram)).Retry(context.Background(), 900*time.Millisecond, temporary(1)); n != 1 || err == nil {
		t.Errorf("Retry within 900 ms made %d attempts (%v), want 1 and the failure: the back-off is 1 s", n, err)
	}
}

// temporary returns a send that fails n times with a temporary error, then
// succeeds.
func temporary(n int) func() error {
	return func() error {
		if n > 0 {
			n--
			return errors.New("502 Bad Gateway")
		}
		return nil
	}
}

// TestShortenedSecond: with a shortened second, a Pacer sends the same
// counts per second in it: never more than Messages starts in any second,
// nor two to one chat less than 1/PerChat seconds apart, and a retry_after
// counts in its seconds.
func TestShortenedSecond(t *testing.T) {
	const second = 50 * time.Millisecond
	l := Limits{Messages: 5, PerChat: 1, Second: second}
	if d := l.Seconds(2); d != 2*second {
		t.Errorf("a retry_after of 2 waits %s, want %s", d, 2*second)
	}
	// The back-off after a temporary failure is a second too.
	start := time.Now()
	if n, err := New(l).Retry(context.Background(), 3*second/2, temporary(1)); n != 2 || err != nil {
		t.Errorf("Retry within 1.5 seconds made %d attempts (%v), want 2 and success", n, err)
	}
	if d := time.Since(start); d < second {
		t.Errorf("Retry tried again after %s, less than a second (%s)", d, second)
	}
	p := New(l)
	if p.overall.Limit() != 100 || p.perChat != 20 || p.interval != second || p.cap != 5 || p.window != second {
		t.Fatalf("pacer at %v/s, %v/s per chat, %s apart, %d in %s; want 100/s, 20/s, %s, 5 in %s",
			p.overall.Limit(), p.perChat, p.interval, p.cap, p.window, second, second)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// The starts as the Pacer counts them (under its lock, so in order):
	// the times a goroutine sees once Wait returns jitter with the CPU.
	var starts, toOne []time.Time
	p.started = func(chat string, at time.Time) {
		starts = append(starts, at)
		if chat == "same" {
			toOne = append(toOne, at)
		}
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			chat := string(rune('a' + i))
			if i%4 == 0 {
				chat = "same" // 5 to one chat
			}
			if err := p.Wait(ctx, chat); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if len(starts) != 20 || len(toOne) != 5 {
		t.Fatalf("%d starts, %d to one chat; want 20 and 5", len(starts), len(toOne))
	}
	for i := 5; i < len(starts); i++ {
		if d := starts[i].Sub(starts[i-5]); d < second {
			t.Errorf("starts %d to %d within %s, want at most 5 in %s", i-5, i, d, second)
		}
	}
	for i := 1; i < len(toOne); i++ {
		if d := toOne[i].Sub(toOne[i-1]); d < second {
			t.Errorf("two starts to one chat %s apart, want at least %s", d, second)
		}
	}
}
