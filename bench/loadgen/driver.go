package main

import (
	"bufio"
	"container/heap"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
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
	// index of the target in the run's list (each worker has a signer per target).
	index int
	ep    *endpoint
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

// worker is one connection's worth of state: the connection, a signer per target and the
// buffers its requests and answers are built and read in, reused from request to request, and
// its own tally. One goroutine uses a worker at a time.
type worker struct {
	conn    *httpConn
	signers []*signer
	body    []byte
	req     []byte
	answer  []byte
	tally   *tally
}

func newWorker(targets []*target) *worker {
	w := &worker{tally: newTally()}
	for _, t := range targets {
		w.signers = append(w.signers, newSigner(t.name, t.secret))
	}
	return w
}

// roundTrip sends req on the worker's connection (dialled first if there is none, or if the one
// it had went stale) and reads the answer into w.answer.
func (w *worker) roundTrip(ep *endpoint, req []byte, deadline time.Time, idleTimeout time.Duration) (response, error) {
	if c := w.conn; c != nil {
		idle := time.Since(c.lastUsed)
		if c.addr != ep.addr || (idleTimeout > 0 && idle >= idleTimeout) || (idle >= staleAfter && !c.alive()) {
			c.close()
			w.conn = nil
		}
	}
	if w.conn == nil {
		c, err := dial(ep.addr, min(5*time.Second, time.Until(deadline)))
		if err != nil {
			return response{}, err
		}
		w.conn = c
	}
	res, keep, err := w.conn.roundTrip(req, deadline, &w.answer)
	res.body = w.answer
	if !keep {
		w.conn.close()
		w.conn = nil
	}
	return res, err
}

func (w *worker) closeConn() {
	if w.conn != nil {
		w.conn.close()
		w.conn = nil
	}
}

// workerPool lends the open loop's workers, most recently used first (so few connections stay
// busy at a moderate rate, as with net/http's idle pool).
type workerPool struct {
	mu   sync.Mutex
	cond *sync.Cond
	free []*worker
}

func newWorkerPool(workers []*worker) *workerPool {
	p := &workerPool{free: append([]*worker(nil), workers...)}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// tryTake returns a free worker, or nil when all are busy.
func (p *workerPool) tryTake() *worker {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) == 0 {
		return nil
	}
	w := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return w
}

// take waits for a free worker.
func (p *workerPool) take() *worker {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.free) == 0 {
		p.cond.Wait()
	}
	w := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return w
}

func (p *workerPool) put(w *worker) {
	p.mu.Lock()
	p.free = append(p.free, w)
	p.mu.Unlock()
	p.cond.Signal()
}

// runner drives one closed- or open-loop run.
type runner struct {
	cfg   loadConfig
	start time.Time

	// workers: one per connection (closed loop) or per request in flight at most (open loop).
	workers []*worker
	// shared tallies outcomes of events that end outside a worker (aborted retries); sharedMu.
	shared   *tally
	sharedMu sync.Mutex

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
	r := &runner{cfg: cfg, shared: newTally(), wake: make(chan struct{})}
	for i, t := range cfg.targets {
		ep, err := newEndpoint(t.url, signatureName(t.name))
		if err != nil {
			return nil, err
		}
		t.index, t.ep = i, ep
	}
	for range cfg.connections {
		r.workers = append(r.workers, newWorker(cfg.targets))
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

// totals merges every tally (call once the run is over).
func (r *runner) totals() totals {
	return merge(append([]*tally{r.shared}, r.tallies()...))
}

func (r *runner) tallies() []*tally {
	list := make([]*tally, 0, len(r.workers))
	for _, w := range r.workers {
		list = append(list, w.tally)
	}
	return list
}

// newEventLocked creates the next unique event; r.mu is held.
func (r *runner) newEventLocked() *event {
	seq := r.created
	r.created++
	r.shared.events.Add(1)
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

// attempt delivers the event once, on w's connection, and records the answer in w's tally.
func (r *runner) attempt(w *worker, ev *event) *answer {
	n := len(ev.answers) + 1
	now := time.Now()
	t := ev.target
	w.body = t.tmpl.render(w.body[:0], delivery{eventID: ev.id, eventTime: ev.eventTime, attempt: n, now: now})
	req := append(w.req[:0], t.ep.head...)
	req = w.signers[t.index].appendSignature(req, w.body)
	req = append(req, "\r\nContent-Length: "...)
	req = strconv.AppendInt(req, int64(len(w.body)), 10)
	req = append(req, "\r\n\r\n"...)
	req = append(req, w.body...)
	w.req = req

	a := answer{Attempt: n, SentAt: now.UnixMilli()}
	started := time.Now()
	res, err := w.roundTrip(t.ep, req, started.Add(r.cfg.timeout), r.cfg.idleTimeout)
	if err == nil {
		parseAnswer(&a, res.status, res.retryAfter, res.body, r.log != nil)
	}
	a.Ms = float64(time.Since(started).Microseconds()) / 1000
	if err != nil {
		a.Status = 0
		var netErr net.Error
		if errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()) {
			a.Err = "hung"
		} else {
			a.Err = truncate(fmt.Sprintf("POST %s: %v", t.url, err), 200)
		}
	}
	ev.answers = append(ev.answers, a)
	w.tally.addAnswer(ev, &ev.answers[len(ev.answers)-1])
	return &ev.answers[len(ev.answers)-1]
}

// settle decides after an attempt: finished (returns true) or to be retried at ev.due.
func (r *runner) settle(t *tally, ev *event, a *answer, aborting bool) bool {
	if a.Status >= 200 && a.Status < 300 {
		outcome := a.BodyStatus
		if outcome == "" {
			outcome = "2xx_" + itoa(a.Status)
		}
		r.finish(t, ev, outcome)
		return true
	}
	if len(ev.answers) >= r.cfg.attempts {
		r.finish(t, ev, "gave_up")
		return true
	}
	if aborting {
		r.finish(t, ev, "aborted")
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

// finish records how the event ended in t (a worker's own tally, or r.shared under r.sharedMu).
func (r *runner) finish(t *tally, ev *event, outcome string) {
	acked := false
	for i := range ev.answers {
		if ev.answers[i].acknowledged() {
			acked = true
		}
	}
	t.addOutcome(outcome, acked)
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

// finishShared records an event that ends outside a worker (an aborted retry).
func (r *runner) finishShared(ev *event, outcome string) {
	r.sharedMu.Lock()
	defer r.sharedMu.Unlock()
	r.finish(r.shared, ev, outcome)
}

// next hands a worker its next event: a due retry first, else a new event; nil when all is done.
func (r *runner) next() *event {
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		now := time.Now()
		if r.aborting {
			for r.retries.Len() > 0 {
				r.finishShared(heap.Pop(&r.retries).(*event), "aborted")
			}
		}
		if r.retries.Len() > 0 && !r.retries[0].due.After(now) {
			r.inFlight++
			return heap.Pop(&r.retries).(*event)
		}
		if r.mayCreateLocked(now) {
			r.inFlight++
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
			r.finishShared(ev, "aborted")
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

// runClosed: `connections` workers, each with one request in flight at a time on its connection.
func (r *runner) runClosed() {
	var wg sync.WaitGroup
	for _, w := range r.workers {
		wg.Go(func() {
			defer w.closeConn()
			for ev := r.next(); ev != nil; ev = r.next() {
				a := r.attempt(w, ev)
				r.done(ev, r.settle(w.tally, ev, a, r.isAborting()))
			}
		})
	}
	wg.Wait()
}

// runOpen: new events at a fixed rate whatever the answers' latency (at most `connections` in
// flight; an event that finds them all busy is counted as skipped). Retries run on their own timers.
func (r *runner) runOpen(skipped *atomic.Int64) {
	pool := newWorkerPool(r.workers)
	defer func() {
		for _, w := range r.workers {
			w.closeConn()
		}
	}()
	var wg sync.WaitGroup
	var deliver func(w *worker, ev *event)
	deliver = func(w *worker, ev *event) {
		defer wg.Done()
		a := r.attempt(w, ev)
		finished := r.settle(w.tally, ev, a, r.isAborting())
		pool.put(w)
		if !finished {
			wg.Add(1)
			time.AfterFunc(time.Until(ev.due), func() {
				if r.isAborting() {
					r.finishShared(ev, "aborted")
					wg.Done()
					return
				}
				deliver(pool.take(), ev) // retries wait for a free slot
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
		if w := pool.tryTake(); w != nil {
			ev := r.newEventLocked()
			r.mu.Unlock()
			wg.Add(1)
			go deliver(w, ev)
		} else {
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
		var events, requests, acknowledged, accepted, undocumented, hung int64
		for _, t := range append([]*tally{r.shared}, r.tallies()...) {
			events += t.events.Load()
			requests += t.requests.Load()
			acknowledged += t.acknowledged.Load()
			accepted += t.accepted.Load()
			undocumented += t.undocumented.Load()
			hung += t.hung.Load()
		}
		line := fmt.Sprintf(`{"progress":true,"elapsed_s":%.1f,"events":%d,"requests":%d,"acknowledged":%d,"accepted":%d,"undocumented":%d,"hung":%d,"pending_retries":%d,"in_flight":%d}`,
			time.Since(r.start).Seconds(), events, requests, acknowledged, accepted, undocumented, hung, pending, inFlight)
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
