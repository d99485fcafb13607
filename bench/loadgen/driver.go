package main

import (
	"bufio"
	"bytes"
	"container/heap"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// target is one webhook route with its template and secret.
type target struct {
	name   string
	url    string
	tmpl   *template
	secret []byte
}

// event is one vendor event: delivered until acknowledged (or another 2xx), or out of attempts.
type event struct {
	seq       int64
	target    *target
	id        string // unique part of the vendor event id
	eventTime time.Time
	answers   []answer
	due       time.Time // of the next retry
	index     int       // in the retry heap
}

func (e *event) fullID() string { return e.target.tmpl.fullID(e.id) }

// retryHeap orders events by when their next attempt is due.
type retryHeap []*event

func (h retryHeap) Len() int           { return len(h) }
func (h retryHeap) Less(i, j int) bool { return h[i].due.Before(h[j].due) }
func (h retryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *retryHeap) Push(x any) {
	e := x.(*event)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *retryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// loadConfig is the load part of the flags.
type loadConfig struct {
	targets     []*target
	connections int
	duration    time.Duration
	requests    int64
	rate        float64
	attempts    int
	backoff     time.Duration
	backoffMax  time.Duration
	jitter      float64
	timeout     time.Duration
	idleTimeout time.Duration
	idPrefix    string
	logPath     string
	progress    time.Duration
}

// runner drives one closed- or open-loop run.
type runner struct {
	cfg    loadConfig
	client *http.Client
	stats  *stats
	start  time.Time

	mu       sync.Mutex
	retries  retryHeap
	created  int64
	inFlight int
	waiting  int
	wake     chan struct{}
	// stopping: no new events; aborting: no more attempts at all (signal or max wall time).
	stopping, aborting bool

	logMu   sync.Mutex
	log     *bufio.Writer
	logFile *os.File
}

func newRunner(cfg loadConfig) (*runner, error) {
	transport := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        cfg.connections,
		MaxIdleConnsPerHost: cfg.connections,
		MaxConnsPerHost:     cfg.connections,
		IdleConnTimeout:     cfg.idleTimeout,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
	r := &runner{
		cfg:    cfg,
		client: &http.Client{Transport: transport},
		stats:  newStats(),
		wake:   make(chan struct{}),
	}
	if cfg.logPath != "" {
		f, err := os.Create(cfg.logPath)
		if err != nil {
			return nil, err
		}
		r.log, r.logFile = bufio.NewWriterSize(f, 1<<20), f
	}
	return r, nil
}

// newEventLocked creates the next unique event; r.mu is held.
func (r *runner) newEventLocked() *event {
	seq := r.created
	r.created++
	t := r.cfg.targets[int(seq)%len(r.cfg.targets)]
	return &event{
		seq:       seq,
		target:    t,
		id:        r.cfg.idPrefix + strconv.FormatInt(seq, 36),
		eventTime: time.Now(),
		index:     -1,
	}
}

// mayCreateLocked: new events are still wanted; r.mu is held.
func (r *runner) mayCreateLocked(now time.Time) bool {
	if r.stopping || r.aborting {
		return false
	}
	if r.cfg.requests > 0 && r.created >= r.cfg.requests {
		return false
	}
	if r.cfg.duration > 0 && now.Sub(r.start) >= r.cfg.duration {
		return false
	}
	return true
}

func (r *runner) signalLocked() {
	if r.waiting > 0 {
		close(r.wake)
		r.wake = make(chan struct{})
	}
}

// stop: no new events (SIGINT/SIGTERM once); abort: no more attempts (twice, or max wall time).
func (r *runner) stop(abort bool) {
	r.mu.Lock()
	r.stopping = true
	if abort {
		r.aborting = true
	}
	r.signalLocked()
	r.mu.Unlock()
}

// backoffFor is the wait before attempt n+1 after attempt n failed: backoff·2^(n-1), capped, jittered.
func (r *runner) backoffFor(n int) time.Duration {
	d := r.cfg.backoff
	for i := 1; i < n && d < r.cfg.backoffMax; i++ {
		d *= 2
	}
	d = min(d, r.cfg.backoffMax)
	if r.cfg.jitter > 0 {
		d = time.Duration(float64(d) * (1 + r.cfg.jitter*(2*rand.Float64()-1)))
	}
	return d
}

// attempt delivers the event once and records the answer.
func (r *runner) attempt(ev *event) *answer {
	n := len(ev.answers) + 1
	now := time.Now()
	// A fresh buffer each time: the transport may still be writing a body the server answered early.
	body := ev.target.tmpl.render(make([]byte, 0, ev.target.tmpl.size()+64), delivery{eventID: ev.id, eventTime: ev.eventTime, attempt: n, now: now})
	name, signature := signatureHeader(ev.target.name, ev.target.secret, body)

	a := answer{Attempt: n, SentAt: now.UnixMilli()}
	ctx, cancel := context.WithTimeout(context.Background(), r.cfg.timeout)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ev.target.url, bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("content-type", "application/json")
	req.Header.Set("user-agent", "switchboard-loadgen")
	req.Header.Set(name, signature)
	started := time.Now()
	resp, err := r.client.Do(req)
	if err == nil {
		var data []byte
		data, err = io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		_ = resp.Body.Close()
		if err == nil {
			parseAnswer(&a, resp, data)
		}
	}
	a.Ms = float64(time.Since(started).Microseconds()) / 1000
	if err != nil {
		a.Status = 0
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			a.Err = "hung"
		} else {
			a.Err = truncate(err.Error(), 200)
		}
	}
	cancel()
	ev.answers = append(ev.answers, a)
	r.stats.addAnswer(ev, &ev.answers[len(ev.answers)-1])
	return &ev.answers[len(ev.answers)-1]
}

// settle decides after an attempt: finished (returns true) or to be retried at ev.due.
func (r *runner) settle(ev *event, a *answer, aborting bool) bool {
	if a.Status >= 200 && a.Status < 300 {
		outcome := a.BodyStatus
		if outcome == "" {
			outcome = "2xx_" + itoa(a.Status)
		}
		r.finish(ev, outcome)
		return true
	}
	if len(ev.answers) >= r.cfg.attempts {
		r.finish(ev, "gave_up")
		return true
	}
	if aborting {
		r.finish(ev, "aborted")
		return true
	}
	ev.due = time.Now().Add(r.backoffFor(len(ev.answers)))
	return false
}

// logLine is one line of the JSON-lines log: one event with every answer it got.
type logLine struct {
	ID           string   `json:"id"`
	Vendor       string   `json:"vendor"`
	Outcome      string   `json:"outcome"`
	Acknowledged bool     `json:"acknowledged"`
	Attempts     int      `json:"attempts"`
	Answers      []answer `json:"answers"`
}

func (r *runner) finish(ev *event, outcome string) {
	acked := false
	for i := range ev.answers {
		if ev.answers[i].acknowledged() {
			acked = true
		}
	}
	r.stats.addOutcome(outcome, acked)
	if r.log != nil {
		line, _ := json.Marshal(logLine{
			ID: ev.fullID(), Vendor: ev.target.name, Outcome: outcome, Acknowledged: acked,
			Attempts: len(ev.answers), Answers: ev.answers,
		})
		r.logMu.Lock()
		_, _ = r.log.Write(line)
		_ = r.log.WriteByte('\n')
		r.logMu.Unlock()
	}
}

// next hands a worker its next event: a due retry first, else a new event; nil when all is done.
func (r *runner) next() *event {
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		now := time.Now()
		if r.aborting {
			for r.retries.Len() > 0 {
				r.finish(heap.Pop(&r.retries).(*event), "aborted")
			}
		}
		if r.retries.Len() > 0 && !r.retries[0].due.After(now) {
			r.inFlight++
			return heap.Pop(&r.retries).(*event)
		}
		if r.mayCreateLocked(now) {
			r.inFlight++
			r.stats.addEvent()
			return r.newEventLocked()
		}
		if r.retries.Len() == 0 && r.inFlight == 0 {
			r.signalLocked() // the other waiting workers are done too
			return nil
		}
		wait := time.Second
		if r.retries.Len() > 0 {
			wait = r.retries[0].due.Sub(now)
		}
		if r.cfg.duration > 0 && r.mayCreateLocked(now) {
			wait = min(wait, r.cfg.duration-now.Sub(r.start))
		}
		wake := r.wake
		r.waiting++
		r.mu.Unlock()
		timer := time.NewTimer(wait)
		select {
		case <-wake:
		case <-timer.C:
		}
		timer.Stop()
		r.mu.Lock()
		r.waiting--
	}
}

func (r *runner) done(ev *event, finished bool) {
	r.mu.Lock()
	r.inFlight--
	if !finished {
		if r.aborting {
			r.finish(ev, "aborted")
		} else {
			heap.Push(&r.retries, ev)
		}
	}
	r.signalLocked()
	r.mu.Unlock()
}

func (r *runner) isAborting() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.aborting
}

// runClosed: `connections` workers, each with one request in flight at a time.
func (r *runner) runClosed() {
	var wg sync.WaitGroup
	for range r.cfg.connections {
		wg.Go(func() {
			for ev := r.next(); ev != nil; ev = r.next() {
				a := r.attempt(ev)
				r.done(ev, r.settle(ev, a, r.isAborting()))
			}
		})
	}
	wg.Wait()
}

// runOpen: new events at a fixed rate whatever the answers' latency (at most `connections` in
// flight; an event that finds them all busy is counted as skipped). Retries run on their own timers.
func (r *runner) runOpen(skipped *atomic.Int64) {
	sem := make(chan struct{}, r.cfg.connections)
	var wg sync.WaitGroup
	var deliver func(ev *event)
	deliver = func(ev *event) {
		defer wg.Done()
		a := r.attempt(ev)
		<-sem
		if !r.settle(ev, a, r.isAborting()) {
			wg.Add(1)
			time.AfterFunc(time.Until(ev.due), func() {
				if r.isAborting() {
					r.finish(ev, "aborted")
					wg.Done()
					return
				}
				sem <- struct{}{} // retries wait for a free slot
				deliver(ev)
			})
		}
	}
	interval := time.Duration(float64(time.Second) / r.cfg.rate)
	for i := int64(0); ; i++ {
		time.Sleep(time.Until(r.start.Add(time.Duration(i) * interval)))
		r.mu.Lock()
		if !r.mayCreateLocked(time.Now()) {
			r.mu.Unlock()
			break
		}
		select {
		case sem <- struct{}{}:
			ev := r.newEventLocked()
			r.mu.Unlock()
			r.stats.addEvent()
			wg.Add(1)
			go deliver(ev)
		default:
			r.created++ // this slot of the schedule is lost
			r.mu.Unlock()
			skipped.Add(1)
		}
	}
	wg.Wait()
}

// progressLoop prints one JSON line per interval on stderr until ctx ends.
func (r *runner) progressLoop(ctx context.Context) {
	if r.cfg.progress <= 0 {
		return
	}
	ticker := time.NewTicker(r.cfg.progress)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		r.mu.Lock()
		pending, inFlight := r.retries.Len(), r.inFlight
		r.mu.Unlock()
		s := r.stats
		s.mu.Lock()
		line := fmt.Sprintf(`{"progress":true,"elapsed_s":%.1f,"events":%d,"requests":%d,"acknowledged":%d,"accepted":%d,"undocumented":%d,"hung":%d,"pending_retries":%d,"in_flight":%d}`,
			time.Since(r.start).Seconds(), s.events, s.requests, s.acknowledged, s.answers["202 accepted"], s.undocumented, s.hung, pending, inFlight)
		s.mu.Unlock()
		fmt.Fprintln(os.Stderr, line)
	}
}

func (r *runner) closeLog() error {
	if r.log == nil {
		return nil
	}
	r.logMu.Lock()
	defer r.logMu.Unlock()
	if err := r.log.Flush(); err != nil {
		return err
	}
	return r.logFile.Close()
}
