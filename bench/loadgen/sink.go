package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// sinkResult is what an OTLP sink received, printed when it stops.
type sinkResult struct {
	Mode string `json:"mode"`
	// Requests and bytes (request bodies as sent, compressed or not) by path (/v1/traces, /v1/metrics).
	Requests map[string]int64 `json:"requests"`
	Bytes    map[string]int64 `json:"bytes"`
	CPUMs    float64          `json:"cpu_ms"`
}

// runSink is an OTLP/HTTP collector that accepts everything and keeps nothing, so a bridge can
// export its spans and metrics as in production at no cost to the machine beyond reading them. It
// prints `{"listening":"host:port"}` once it listens, and its counts on SIGTERM/SIGINT.
func runSink(listen string) error {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	res := sinkResult{Mode: "sink", Requests: map[string]int64{}, Bytes: map[string]int64{}}
	buf := sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := buf.Get().(*[]byte)
		n, _ := io.CopyBuffer(io.Discard, r.Body, *b)
		buf.Put(b)
		mu.Lock()
		res.Requests[r.URL.Path]++
		res.Bytes[r.URL.Path] += n
		mu.Unlock()
		// An empty Export*ServiceResponse: zero bytes in protobuf, `{}` in JSON.
		if r.Header.Get("content-type") == "application/json" {
			w.Header().Set("content-type", "application/json")
			_, _ = w.Write([]byte("{}"))
			return
		}
		w.Header().Set("content-type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
	})
	server := &http.Server{Handler: handler}
	go func() { _ = server.Serve(ln) }()
	if err := json.NewEncoder(os.Stdout).Encode(map[string]string{"listening": ln.Addr().String()}); err != nil {
		return err
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	<-signals
	_ = server.Close()
	mu.Lock()
	defer mu.Unlock()
	res.CPUMs = round(processCPUMs())
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	return nil
}
