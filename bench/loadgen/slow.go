package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// slowConfig: `connections` clients that each send the headers (and `prefix` bytes of a body of
// `bodyLength`) and then one more byte every `trickle`, for `duration`. kind "headers" never ends
// its headers (slowloris); kind "body" sends complete headers and trickles the body.
type slowConfig struct {
	url         string
	kind        string
	connections int
	duration    time.Duration
	trickle     time.Duration
	prefix      int
	bodyLength  int
	ramp        time.Duration
	reconnect   bool
	headerName  string
}

// slowResult is the JSON report of a slow-client run.
type slowResult struct {
	Mode        string  `json:"mode"`
	Kind        string  `json:"kind"`
	Connections int     `json:"connections"`
	Seconds     float64 `json:"elapsed_s"`
	// Opened counts every connection made (reconnects included); DialErrors those that failed.
	Opened     int64 `json:"opened"`
	DialErrors int64 `json:"dial_errors"`
	PeakOpen   int64 `json:"peak_open"`
	// ClosedByServer counts connections the server ended (with or without an answer) while the
	// client was still trickling; Answers are the statuses it answered them with.
	ClosedByServer int64            `json:"closed_by_server"`
	Answers        map[string]int64 `json:"answers"`
	// HeldSeconds: how long the server let a slow connection live before ending it.
	HeldSeconds latencySummary `json:"held_s"`
	// StillOpenAtEnd: connections the server had not ended when the run stopped.
	StillOpenAtEnd int64    `json:"still_open_at_end"`
	BytesTrickled  int64    `json:"bytes_trickled"`
	Samples        []string `json:"answer_samples,omitempty"`
}

func runSlow(cfg slowConfig) (*slowResult, error) {
	u, err := url.Parse(cfg.url)
	if err != nil {
		return nil, err
	}
	host := u.Host
	if !strings.Contains(host, ":") {
		host += ":80"
	}
	path := u.RequestURI()
	var head strings.Builder
	fmt.Fprintf(&head, "POST %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: switchboard-loadgen-slow\r\nContent-Type: application/json\r\n", path, u.Host)
	if cfg.kind == "body" {
		fmt.Fprintf(&head, "Content-Length: %d\r\n%s: %s\r\n\r\n", cfg.bodyLength, cfg.headerName, strings.Repeat("0", 40))
	} else {
		fmt.Fprintf(&head, "X-Slow: ")
	}
	prefix := head.String()
	if cfg.kind == "body" && cfg.prefix > 0 {
		prefix += `{"id":"` + strings.Repeat("s", max(0, cfg.prefix-7))
	}

	res := &slowResult{Mode: "slow", Kind: cfg.kind, Connections: cfg.connections, Answers: map[string]int64{}}
	var mu sync.Mutex
	var held []float32
	var open atomic.Int64
	start := time.Now()
	deadline := start.Add(cfg.duration)
	var wg sync.WaitGroup
	for i := range cfg.connections {
		wg.Go(func() {
			// Spread the connects over the ramp, so the listen backlog is not the bottleneck.
			if cfg.ramp > 0 {
				time.Sleep(time.Duration(int64(cfg.ramp) * int64(i) / int64(cfg.connections)))
			}
			for time.Now().Before(deadline) {
				conn, err := net.DialTimeout("tcp", host, 5*time.Second)
				atomic.AddInt64(&res.Opened, 1)
				if err != nil {
					atomic.AddInt64(&res.DialErrors, 1)
					time.Sleep(time.Second)
					continue
				}
				n := open.Add(1)
				mu.Lock()
				res.PeakOpen = max(res.PeakOpen, n)
				mu.Unlock()
				opened := time.Now()
				ended := make(chan string, 1)
				go func() {
					// Whatever the server says, then EOF (or an error) when it closes.
					reader := bufio.NewReader(conn)
					resp, err := http.ReadResponse(reader, nil)
					if err != nil {
						ended <- "closed_without_answer"
						return
					}
					body := make([]byte, 512)
					k, _ := resp.Body.Read(body)
					_ = resp.Body.Close()
					ended <- fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(body[:k])))
				}()
				_ = conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
				_, err = conn.Write([]byte(prefix))
				var outcome string
				ticker := time.NewTicker(cfg.trickle)
				over := time.NewTimer(time.Until(deadline))
			trickling:
				for err == nil {
					select {
					case outcome = <-ended:
						break trickling
					case <-over.C:
						break trickling
					case <-ticker.C:
						_ = conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
						if _, err = conn.Write([]byte("a")); err == nil {
							atomic.AddInt64(&res.BytesTrickled, 1)
						}
					}
				}
				ticker.Stop()
				over.Stop()
				if outcome == "" && err != nil {
					// The write failed: the server is gone; wait briefly for what it said.
					select {
					case outcome = <-ended:
					case <-time.After(2 * time.Second):
						outcome = "closed_without_answer"
					}
				}
				_ = conn.Close()
				open.Add(-1)
				if outcome == "" {
					atomic.AddInt64(&res.StillOpenAtEnd, 1)
					return
				}
				mu.Lock()
				res.ClosedByServer++
				key := outcome
				if status, body, ok := strings.Cut(outcome, " "); ok {
					code, _ := strconv.Atoi(status)
					key = bodyLabel(code, body)
				}
				res.Answers[key]++
				if len(res.Samples) < 5 {
					res.Samples = append(res.Samples, truncate(outcome, 200))
				}
				held = append(held, float32(time.Since(opened).Seconds()))
				mu.Unlock()
				if !cfg.reconnect {
					return
				}
			}
		})
	}
	wg.Wait()
	res.Seconds = round(time.Since(start).Seconds())
	res.HeldSeconds = summarize(held)
	return res, nil
}

// bodyLabel labels an answer's body as `label` does, or "<status> non_json".
func bodyLabel(status int, body string) string {
	var a answer
	parseAnswer(&a, status, false, []byte(strings.TrimSpace(body)), false)
	if a.BodyStatus == "" {
		return itoa(status) + " non_json"
	}
	return label(status, a.BodyStatus, a.Reason)
}
