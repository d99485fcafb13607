package main

import (
	"math"
	"slices"
	"strconv"
	"sync"
)

func itoa(n int) string { return strconv.Itoa(n) }

// sample is one noteworthy answer, kept for the report.
type sample struct {
	ID     string `json:"id"`
	Vendor string `json:"vendor"`
	answer
}

const maxSamples = 20

// stats are the counters of a load run, safe for concurrent use.
type stats struct {
	mu sync.Mutex
	// latencies of every answered request, in milliseconds.
	latencies []float32
	// statuses counts HTTP statuses ("202", "503"; "hung", "transport_error" without an answer).
	statuses map[string]int64
	// answers counts "status body-status" pairs.
	answers map[string]int64
	// outcomes counts events by how they ended.
	outcomes map[string]int64

	events, requests, retries, acknowledged int64
	// acceptedIDs sums the ids of the 202 accepted answers: the records they put on Kafka.
	acceptedIDs                         int64
	undocumented, hung, transportErrors int64

	undocumentedSamples, hungSamples, transportSamples []sample
	// firstAck is when (Unix ms) the first acknowledged request was sent; 0 when none.
	firstAck int64
}

func newStats() *stats {
	return &stats{
		statuses: map[string]int64{},
		answers:  map[string]int64{},
		outcomes: map[string]int64{},
	}
}

func (s *stats) addAnswer(ev *event, a *answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	if a.Attempt > 1 {
		s.retries++
	}
	keep := func(list *[]sample) {
		if len(*list) < maxSamples {
			*list = append(*list, sample{ID: ev.fullID(), Vendor: ev.target.name, answer: *a})
		}
	}
	switch {
	case a.Err == "hung":
		s.hung++
		s.statuses["hung"]++
		keep(&s.hungSamples)
	case a.Status == 0:
		s.transportErrors++
		s.statuses["transport_error"]++
		keep(&s.transportSamples)
	default:
		s.statuses[itoa(a.Status)]++
		s.latencies = append(s.latencies, float32(a.Ms))
	}
	s.answers[a.key()]++
	if a.Undocumented {
		s.undocumented++
		keep(&s.undocumentedSamples)
	}
	if a.Status == 202 && (a.BodyStatus == "accepted" || a.BodyStatus == "spooled") {
		s.acceptedIDs += int64(len(a.IDs))
	}
	if a.acknowledged() && (s.firstAck == 0 || a.SentAt < s.firstAck) {
		s.firstAck = a.SentAt
	}
}

func (s *stats) addOutcome(outcome string, acknowledged bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outcomes[outcome]++
	if acknowledged {
		s.acknowledged++
	}
}

func (s *stats) addEvent() {
	s.mu.Lock()
	s.events++
	s.mu.Unlock()
}

// latencySummary holds percentiles in milliseconds.
type latencySummary struct {
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
}

func summarize(values []float32) latencySummary {
	if len(values) == 0 {
		return latencySummary{}
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	pct := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(sorted)))) - 1
		i = max(0, min(len(sorted)-1, i))
		return round(float64(sorted[i]))
	}
	var sum float64
	for _, v := range sorted {
		sum += float64(v)
	}
	return latencySummary{
		P50: pct(0.5), P90: pct(0.9), P99: pct(0.99),
		Max:  round(float64(sorted[len(sorted)-1])),
		Mean: round(sum / float64(len(sorted))),
	}
}

func round(v float64) float64 { return math.Round(v*100) / 100 }
