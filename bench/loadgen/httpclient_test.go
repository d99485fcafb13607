package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The lean client reads what net/http's server writes: a length, chunks, a closing connection.
func TestRoundTripReadsEveryAnswerShape(t *testing.T) {
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		bodies = append(bodies, r.Header.Get("plain-request-signature")+" "+string(body))
		switch r.URL.Path {
		case "/chunked":
			w.WriteHeader(202)
			_, _ = w.Write([]byte(`{"status":"accepted",`))
			w.(http.Flusher).Flush()
			_, _ = w.Write([]byte(`"ids":["a","b"]}`))
		case "/close":
			w.Header().Set("connection", "close")
			w.Header().Set("retry-after", "5")
			w.WriteHeader(503)
			_, _ = w.Write([]byte(`{"error":{"code":"unavailable","reason":"kafka_unavailable"}}`))
		default:
			w.Header().Set("content-length", "34")
			w.WriteHeader(202)
			_, _ = w.Write([]byte(`{"status":"accepted","ids":["x1"]}`))
		}
	}))
	defer srv.Close()

	w := newWorker(nil)
	for _, path := range []string{"/", "/chunked", "/", "/close", "/"} {
		ep, err := newEndpoint(srv.URL+path, "plain-request-signature")
		if err != nil {
			t.Fatal(err)
		}
		req := append(append([]byte{}, ep.head...), "sig\r\nContent-Length: 2\r\n\r\n{}"...)
		res, err := w.roundTrip(ep, req, time.Now().Add(5*time.Second), 0)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var a answer
		parseAnswer(&a, res.status, res.retryAfter, res.body, true)
		switch path {
		case "/chunked":
			if a.Status != 202 || a.BodyStatus != "accepted" || a.idCount != 2 || a.Undocumented {
				t.Errorf("chunked: %+v", a)
			}
		case "/close":
			if a.Status != 503 || a.BodyStatus != "unavailable" || a.Undocumented || w.conn != nil {
				t.Errorf("close: %+v (connection kept: %v)", a, w.conn != nil)
			}
		default:
			if a.Status != 202 || a.idCount != 1 || len(a.IDs) != 1 || a.IDs[0] != "x1" {
				t.Errorf("%s: %+v", path, a)
			}
		}
	}
	if len(bodies) != 5 || bodies[0] != "sig {}" {
		t.Errorf("server saw %q", bodies)
	}
}

// A keep-alive connection the server closed while it was idle is replaced, not used.
func TestRoundTripReplacesAStaleConnection(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(202)
		_, _ = w.Write([]byte(`{"status":"ignored"}`))
	}))
	srv.Config.IdleTimeout = 50 * time.Millisecond
	srv.Start()
	defer srv.Close()
	ep, _ := newEndpoint(srv.URL+"/webhooks/plain", "plain-request-signature")
	req := append(append([]byte{}, ep.head...), "s\r\nContent-Length: 0\r\n\r\n"...)
	w := newWorker(nil)
	for i := range 2 {
		if i == 1 {
			time.Sleep(staleAfter + 100*time.Millisecond)
		}
		if _, err := w.roundTrip(ep, req, time.Now().Add(5*time.Second), 0); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
}

// The scanner agrees with encoding/json on the success answers and leaves the rest to it.
func TestParseAnswer(t *testing.T) {
	cases := []struct {
		status       int
		body         string
		word         string
		ids          int
		undocumented bool
	}{
		{202, `{"status":"accepted","ids":["plain:a","plain:b"]}`, "accepted", 2, false},
		{202, `{"status":"accepted"}`, "accepted", 0, true},
		{200, `{"status":"duplicate","ids":["x"]}`, "duplicate", 1, false},
		{202, `{"status":"ignored","reason":"ignored_by_contract"}`, "ignored", 0, false},
		{202, `{"status":"accepted","ids":["a\"b"]}`, "accepted", 1, false},
		{503, `{"error":{"code":"unavailable"}}`, "unavailable", 0, true},
		{500, `oops`, "", 0, true},
	}
	for _, c := range cases {
		var a answer
		parseAnswer(&a, c.status, false, []byte(c.body), true)
		if a.BodyStatus != c.word || a.idCount != c.ids || len(a.IDs) != c.ids || a.Undocumented != c.undocumented {
			t.Errorf("%s: %+v", c.body, a)
		}
	}
}

func TestSignerAndTimeFormat(t *testing.T) {
	s := newSigner(vendorPlain, []byte("k"))
	for _, body := range []string{"one", "two"} {
		mac := hmac.New(sha256.New, []byte("k"))
		mac.Write([]byte(body))
		if got := string(s.appendSignature(nil, []byte(body))); got != hex.EncodeToString(mac.Sum(nil)) {
			t.Errorf("signature of %q: %s", body, got)
		}
	}
	for _, at := range []time.Time{
		time.Date(2030, 1, 2, 3, 4, 5, 6e6, time.UTC),
		time.Date(999, 12, 31, 23, 59, 59, 999e6, time.FixedZone("x", 3600)),
		time.Now(),
	} {
		want := `"` + at.UTC().Format(isoMillis) + `"`
		if got := string(appendQuotedISOMillis(nil, at)); got != want || !strings.HasSuffix(got, `Z"`) {
			t.Errorf("%v: %s, want %s", at, got, want)
		}
	}
}
