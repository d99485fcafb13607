package main

import (
	"math"
	"slices"
	"strconv"
	"sync/atomic"
)

func itoa(n int) string { return strconv.Itoa(n) }

// sample is one noteworthy answer, kept for the report.
type sample struct {
	ID     string `json:"id"`
	Vendor string `json:"vendor"`
	answer
}

const maxSamples = 20

// answerKey names an answer in the histograms without building its label per request.
type answerKey struct {
	status       int
	code, reason string
	hung         bool
}

func (k answerKey) label() string {
	switch {
	case k.hung:
		return "hung"
	case k.status == 0:
		return "transport_error"
	}
	return label(k.status, k.code, k.reason)
}

// tally counts what one worker saw. Only its worker writes it (no lock on the hot path); the
// counters the progress line reads are atomics, and the tallies are merged once at the end.
type tally struct {
	// latencies of every answered request, in milliseconds.
	latencies []float32
	// statuses counts HTTP statuses (0: transport error; -1: hung).
	statuses map[int]int64
	// answers counts (status, body status, reason).
	answers map[answerKey]int64
	// outcomes counts events by how they ended.
	outcomes map[string]int64

	// Read by the progress line while the run goes on.
	events, requests, acknowledged, accepted, undocumented, hung atomic.Int64

	retries, transportErrors int64
	// acceptedIDs sums the ids of the 202 accepted answers: the records they put on Kafka.
	acceptedIDs int64

	undocumentedSamples, hungSamples, transportSamples []sample
	// firstAck is when (Unix ms) the first acknowledged request was sent; 0 when none.
	firstAck int64
}

func newTally() *tally {
	return &tally{
		statuses: map[int]int64{},
		answers:  map[answerKey]int64{},
		outcomes: map[string]int64{},
	}
}

func (s *tally) addAnswer(ev *event, a *answer) {
	s.requests.Add(1)
	if a.Attempt > 1 {
		s.retries++
	}
	keep := func(list *[]sample) {
		if len(*list) < maxSamples {
			*list = append(*list, sample{ID: ev.fullID(), Vendor: ev.target.name, answer: *a})
		}
	}
	key := answerKey{status: a.Status, code: a.BodyStatus, reason: a.Reason}
	switch {
	case a.Err == "hung":
		s.hung.Add(1)
		s.statuses[-1]++
		key = answerKey{hung: true}
		keep(&s.hungSamples)
	case a.Status == 0:
		s.transportErrors++
		s.statuses[0]++
		key = answerKey{}
		keep(&s.transportSamples)
	default:
		s.statuses[a.Status]++
		s.latencies = append(s.latencies, float32(a.Ms))
	}
	s.answers[key]++
	if a.Undocumented {
		s.undocumented.Add(1)
		keep(&s.undocumentedSamples)
	}
	if a.Status == 202 && (a.BodyStatus == "accepted" || a.BodyStatus == "spooled") {
		s.acceptedIDs += int64(a.idCount)
		if a.BodyStatus == "accepted" {
			s.accepted.Add(1)
		}
	}
	if a.acknowledged() && (s.firstAck == 0 || a.SentAt < s.firstAck) {
		s.firstAck = a.SentAt
	}
}

func (s *tally) addOutcome(outcome string, acknowledged bool) {
	s.outcomes[outcome]++
	if acknowledged {
		s.acknowledged.Add(1)
	}
}

// totals are the merged tallies of a run, as the JSON result reports them.
type totals struct {
	latencies                                            []float32
	statuses, answers, outcomes                          map[string]int64
	events, requests, retries, acknowledged, acceptedIDs int64
	undocumented, hung, transportErrors                  int64
	undocumentedSamples, hungSamples, transportSamples   []sample
	firstAck                                             int64
}

func merge(tallies []*tally) totals {
	t := totals{statuses: map[string]int64{}, answers: map[string]int64{}, outcomes: map[string]int64{}}
	n := 0
	for _, s := range tallies {
		n += len(s.latencies)
	}
	t.latencies = make([]float32, 0, n)
	upTo := func(list, more []sample) []sample {
		return append(list, more[:min(len(more), max(0, maxSamples-len(list)))]...)
	}
	for _, s := range tallies {
		t.latencies = append(t.latencies, s.latencies...)
		for status, c := range s.statuses {
			name := itoa(status)
			switch status {
			case -1:
				name = "hung"
			case 0:
				name = "transport_error"
			}
			t.statuses[name] += c
		}
		for key, c := range s.answers {
			t.answers[key.label()] += c
		}
		for outcome, c := range s.outcomes {
			t.outcomes[outcome] += c
		}
		t.events += s.events.Load()
		t.requests += s.requests.Load()
		t.retries += s.retries
		t.acknowledged += s.acknowledged.Load()
		t.acceptedIDs += s.acceptedIDs
		t.undocumented += s.undocumented.Load()
		t.hung += s.hung.Load()
		t.transportErrors += s.transportErrors
		t.undocumentedSamples = upTo(t.undocumentedSamples, s.undocumentedSamples)
		t.hungSamples = upTo(t.hungSamples, s.hungSamples)
		t.transportSamples = upTo(t.transportSamples, s.transportSamples)
		if s.firstAck != 0 && (t.firstAck == 0 || s.firstAck < t.firstAck) {
			t.firstAck = s.firstAck
		}
	}
	return t
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
