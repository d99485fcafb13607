// Command loadgen is Switchboard's native load driver: unique signed Plain and HelpCrunch
// webhooks in a closed loop (N keep-alive connections) or an open loop (a fixed rate), retried as
// the vendors retry, or slow clients that trickle their requests. It prints one JSON result on
// stdout (with its own CPU time over the load), progress lines on stderr (-progress), and
// optionally a JSON-lines log of every event. Requests go over a lean HTTP/1.1 client of its own
// (httpclient.go), so that the driver stays far from saturating a core. `-mode sink` is instead
// an OTLP/HTTP collector that accepts and discards (sink.go), for a bridge that exports telemetry.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// result is the JSON report of a closed- or open-loop run.
type result struct {
	Mode        string  `json:"mode"`
	Vendors     string  `json:"vendors"`
	Connections int     `json:"connections"`
	Rate        float64 `json:"rate,omitempty"`
	IDPrefix    string  `json:"id_prefix"`
	Seconds     float64 `json:"elapsed_s"`
	// Events: unique vendor events created; Requests: deliveries (retries included).
	Events   int64 `json:"events"`
	Requests int64 `json:"requests"`
	Retries  int64 `json:"retries"`
	// Skipped: open-loop slots dropped because `connections` requests were already in flight.
	Skipped            int64   `json:"skipped,omitempty"`
	RequestsPerSecond  float64 `json:"requests_per_s"`
	AcknowledgedPerSec float64 `json:"acknowledged_per_s"`
	Acknowledged       int64   `json:"acknowledged"`
	// AcceptedIDs: ids in the 202 accepted answers, i.e. the records those answers put on Kafka.
	AcceptedIDs int64 `json:"accepted_ids"`
	// CPUMs: the driver's own CPU time (user + system, /proc/self/stat) over the load; CPUPercent:
	// that as a share of one core. A driver near 100 % of a core (or a machine with no idle time)
	// measures itself, not the server.
	CPUMs              float64          `json:"cpu_ms"`
	CPUPercent         float64          `json:"cpu_percent"`
	GOMAXPROCS         int              `json:"gomaxprocs"`
	Latency            latencySummary   `json:"latency_ms"`
	Statuses           map[string]int64 `json:"statuses"`
	Answers            map[string]int64 `json:"answers"`
	Outcomes           map[string]int64 `json:"outcomes"`
	Undocumented       int64            `json:"undocumented"`
	Hung               int64            `json:"hung"`
	TransportErrors    int64            `json:"transport_errors"`
	FirstAckAt         int64            `json:"first_ack_at,omitempty"`
	UndocumentedSample []sample         `json:"undocumented_samples,omitempty"`
	HungSample         []sample         `json:"hung_samples,omitempty"`
	TransportSample    []sample         `json:"transport_error_samples,omitempty"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
}

func run() error {
	var (
		mode          = flag.String("mode", "closed", "closed | open | slow | sink (an OTLP/HTTP collector that discards)")
		listen        = flag.String("listen", "127.0.0.1:0", "sink mode: where to listen")
		baseURL       = flag.String("url", "http://127.0.0.1:8080", "the bridge's webhook base URL")
		vendors       = flag.String("vendor", "mixed", "plain | helpcrunch | mixed (alternating)")
		secret        = flag.String("secret", "", "signing secret for both vendors (see -plain-secret, -helpcrunch-secret)")
		plainSecret   = flag.String("plain-secret", "", "Plain signing secret (default: -secret)")
		hcSecret      = flag.String("helpcrunch-secret", "", "HelpCrunch signing key (default: -secret)")
		plainTemplate = flag.String("plain-template", "fixtures/plain/thread.thread_created/body.json", "Plain body template")
		hcTemplate    = flag.String("helpcrunch-template", "fixtures/helpcrunch/chat.new/body.json", "HelpCrunch body template")
		hcPath        = flag.String("helpcrunch-path", "/webhooks/helpcrunch", "HelpCrunch route (an account: /webhooks/helpcrunch/<account>)")
		connections   = flag.Int("connections", 64, "closed loop: keep-alive connections; open loop: most requests in flight; slow: slow clients")
		duration      = flag.Duration("duration", 0, "create new events for this long (0: until -requests)")
		requests      = flag.Int64("requests", 0, "create this many unique events (0: until -duration)")
		rate          = flag.Float64("rate", 0, "open loop: new events per second")
		attempts      = flag.Int("attempts", 1, "deliveries per event at most (1: no retries)")
		backoff       = flag.Duration("backoff", time.Second, "wait before the first retry; doubled on each further one")
		backoffMax    = flag.Duration("backoff-max", 30*time.Second, "longest wait between two retries")
		jitter        = flag.Float64("jitter", 0.1, "random ± fraction applied to every backoff")
		timeout       = flag.Duration("timeout", 30*time.Second, "a request not answered within this is hung (and retried)")
		idleTimeout   = flag.Duration("idle-timeout", 90*time.Second, "close a keep-alive connection idle this long (Go's default; a server closing sooner races with reuse)")
		maxWall       = flag.Duration("max-wall", 0, "hard stop: no attempt after this long, pending retries end as aborted (0: none)")
		idPrefix      = flag.String("id-prefix", "", "prefix of every event id (default: random)")
		logPath       = flag.String("log", "", "JSON-lines log: one line per event with every answer")
		progress      = flag.Duration("progress", 0, "print a progress line on stderr this often (0: never)")
		slowKind      = flag.String("slow-kind", "body", "slow mode: body (headers complete, body trickled) | headers (slowloris)")
		slowPrefix    = flag.Int("slow-prefix", 16, "slow body: bytes of the body sent at once")
		slowLength    = flag.Int("slow-length", 4096, "slow body: Content-Length announced")
		trickle       = flag.Duration("trickle", 3*time.Second, "slow mode: one byte this often")
		ramp          = flag.Duration("ramp", 2*time.Second, "slow mode: spread the connects over this long")
		reconnect     = flag.Bool("reconnect", true, "slow mode: open a new slow connection when the server ends one")
		cpuProfile    = flag.String("cpuprofile", "", "write the driver's own CPU profile here (go tool pprof)")
	)
	flag.Parse()
	base := strings.TrimRight(*baseURL, "/")
	if *mode == "sink" {
		return runSink(*listen)
	}

	if *mode == "slow" {
		if *duration <= 0 {
			return fmt.Errorf("-mode slow needs -duration")
		}
		path, header := *hcPath, "x-helpcrunch-signature"
		if *vendors == vendorPlain {
			path, header = "/webhooks/plain", "plain-request-signature"
		}
		res, err := runSlow(slowConfig{
			url: base + path, kind: *slowKind, connections: *connections, duration: *duration,
			trickle: *trickle, prefix: *slowPrefix, bodyLength: *slowLength, ramp: *ramp,
			reconnect: *reconnect, headerName: header,
		})
		if err != nil {
			return err
		}
		return json.NewEncoder(os.Stdout).Encode(res)
	}

	if *mode != "closed" && *mode != "open" {
		return fmt.Errorf("unknown -mode %q", *mode)
	}
	if *duration <= 0 && *requests <= 0 {
		return fmt.Errorf("give -duration or -requests")
	}
	if *mode == "open" && *rate <= 0 {
		return fmt.Errorf("-mode open needs -rate")
	}
	if *attempts < 1 || *connections < 1 {
		return fmt.Errorf("-attempts and -connections must be at least 1")
	}
	pick := func(specific string) []byte {
		if specific != "" {
			return []byte(specific)
		}
		return []byte(*secret)
	}
	var targets []*target
	add := func(name, path, tmplPath string, key []byte) error {
		if len(key) == 0 {
			return fmt.Errorf("no signing secret for %s (-secret or -%s-secret)", name, name)
		}
		tmpl, err := loadTemplate(name, tmplPath)
		if err != nil {
			return err
		}
		targets = append(targets, &target{name: name, url: base + path, tmpl: tmpl, secret: key})
		return nil
	}
	if *vendors == vendorPlain || *vendors == "mixed" {
		if err := add(vendorPlain, "/webhooks/plain", *plainTemplate, pick(*plainSecret)); err != nil {
			return err
		}
	}
	if *vendors == vendorHelpCrunch || *vendors == "mixed" {
		if err := add(vendorHelpCrunch, *hcPath, *hcTemplate, pick(*hcSecret)); err != nil {
			return err
		}
	}
	if len(targets) == 0 {
		return fmt.Errorf("unknown -vendor %q", *vendors)
	}
	prefix := *idPrefix
	if prefix == "" {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		prefix = "lg" + hex.EncodeToString(b) + "-"
	}

	r, err := newRunner(loadConfig{
		targets: targets, connections: *connections, duration: *duration, requests: *requests,
		rate: *rate, attempts: *attempts, backoff: *backoff, backoffMax: *backoffMax, jitter: *jitter,
		timeout: *timeout, idleTimeout: *idleTimeout, idPrefix: prefix, logPath: *logPath, progress: *progress,
	})
	if err != nil {
		return err
	}

	// SIGINT/SIGTERM: stop creating events, finish what is in flight and the retries; a second
	// signal (or -max-wall) abandons the pending retries too.
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-signals
		r.stop(false)
		<-signals
		r.stop(true)
	}()
	if *maxWall > 0 {
		time.AfterFunc(*maxWall, func() { r.stop(true) })
	}

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	cpuStart := processCPUMs()
	r.start = time.Now()
	progressDone := make(chan struct{})
	ctx, cancelProgress := context.WithCancel(context.Background())
	go func() { r.progressLoop(ctx); close(progressDone) }()
	var skipped atomic.Int64
	if *mode == "closed" {
		r.runClosed()
	} else {
		r.runOpen(&skipped)
	}
	elapsed := time.Since(r.start).Seconds()
	cancelProgress()
	<-progressDone
	if err := r.closeLog(); err != nil {
		return err
	}

	cpuMs := processCPUMs() - cpuStart
	s := r.totals()
	res := result{
		Mode: *mode, Vendors: *vendors, Connections: *connections, Rate: *rate, IDPrefix: prefix,
		Seconds: round(elapsed), Events: s.events, Requests: s.requests, Retries: s.retries,
		Skipped:            skipped.Load(),
		RequestsPerSecond:  round(float64(s.requests) / elapsed),
		AcknowledgedPerSec: round(float64(s.acknowledged) / elapsed),
		Acknowledged:       s.acknowledged, AcceptedIDs: s.acceptedIDs,
		CPUMs: round(cpuMs), CPUPercent: round(cpuMs / 10 / elapsed), GOMAXPROCS: runtime.GOMAXPROCS(0),
		Latency:  summarize(s.latencies),
		Statuses: s.statuses, Answers: s.answers, Outcomes: s.outcomes,
		Undocumented: s.undocumented, Hung: s.hung, TransportErrors: s.transportErrors,
		FirstAckAt:         s.firstAck,
		UndocumentedSample: s.undocumentedSamples, HungSample: s.hungSamples,
		TransportSample: s.transportSamples,
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}

// processCPUMs is this process's CPU time (utime + stime) in milliseconds, from /proc/self/stat
// (the same source the bench reads for the servers); getrusage where there is no /proc.
func processCPUMs() float64 {
	if stat, err := os.ReadFile("/proc/self/stat"); err == nil {
		// Fields after the command name (in parentheses): utime and stime are the 12th and 13th.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 12 {
			utime, err1 := strconv.ParseFloat(fields[11], 64)
			stime, err2 := strconv.ParseFloat(fields[12], 64)
			if err1 == nil && err2 == nil {
				return (utime + stime) * 1000 / clockTicks
			}
		}
	}
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0
	}
	return float64(usage.Utime.Nano()+usage.Stime.Nano()) / 1e6
}

// clockTicks is USER_HZ, the unit of /proc's CPU times: 100 on every Linux the bench runs on.
const clockTicks = 100
