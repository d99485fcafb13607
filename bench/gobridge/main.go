// Command gobridge is the Go bridge of `npm run bench`: what a lean webhook-to-Kafka bridge written
// in Go does per webhook, to compare Switchboard with on the same machine, broker and load. It
// does what the Benthos + franz-go pipeline did: verify Plain's signature (hex HMAC-SHA256
// of the raw body, `Plain-Request-Signature`), parse and map the envelope to one CloudEvents
// binary-mode record (the 14 headers Switchboard writes, keyed by the thread), and produce it with
// franz-go's idempotent producer (acks = all), answering 202 once Kafka acknowledged it. No
// freshness check, schema validation, de-duplication, telemetry or log line per webhook.
//
// Environment: HOST, PORT, KAFKA_BROKERS, NAIVE_TOPIC (its one topic), PLAIN_SIGNING_SECRETS (the
// first secret is used). `GET /readyz` answers 200 once the broker answered.
package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// envelope is the part of Plain's webhook envelope the mapping reads.
type envelope struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Timestamp   string `json:"timestamp"`
	WorkspaceID string `json:"workspaceId"`
	Payload     struct {
		Thread struct {
			ID     string `json:"id"`
			Status string `json:"status"`
			Title  string `json:"title"`
		} `json:"thread"`
		Customer struct {
			ID string `json:"id"`
		} `json:"customer"`
	} `json:"payload"`
}

// data is the mapped event's `data`.
type data struct {
	ConversationID string `json:"conversationId"`
	CustomerID     string `json:"customerId,omitempty"`
	Status         string `json:"status,omitempty"`
	Title          string `json:"title,omitempty"`
	OccurredAt     string `json:"occurredAt"`
}

func mustEnv(name string) string {
	value := os.Getenv(name)
	if value == "" {
		log.Fatalf("gobridge: %s is required", name)
	}
	return value
}

func answer(w http.ResponseWriter, status int, body string) {
	w.Header().Set("content-type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func main() {
	topic := mustEnv("NAIVE_TOPIC")
	secret := []byte(strings.Split(mustEnv("PLAIN_SIGNING_SECRETS"), ",")[0])
	client, err := kgo.NewClient(
		kgo.SeedBrokers(strings.Split(mustEnv("KAFKA_BROKERS"), ",")...),
		kgo.DefaultProduceTopic(topic),
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.ProducerLinger(5*time.Millisecond),
	)
	if err != nil {
		log.Fatalf("gobridge: %v", err)
	}
	var ready atomic.Bool
	go func() {
		for !ready.Load() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			if client.Ping(ctx) == nil {
				ready.Store(true)
			}
			cancel()
			time.Sleep(100 * time.Millisecond)
		}
	}()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if ready.Load() {
			answer(w, 200, `{"status":"ready"}`)
		} else {
			answer(w, 503, `{"status":"connecting"}`)
		}
	})
	mux.HandleFunc("POST /webhooks/plain", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			answer(w, 400, `{"error":{"code":"bad_request"}}`)
			return
		}
		given, err := hex.DecodeString(r.Header.Get("Plain-Request-Signature"))
		mac := hmac.New(sha256.New, secret)
		mac.Write(body)
		if err != nil || !hmac.Equal(given, mac.Sum(nil)) {
			answer(w, 401, `{"error":{"code":"unauthorized","reason":"signature_mismatch"}}`)
			return
		}
		var event envelope
		if err := json.Unmarshal(body, &event); err != nil || event.ID == "" {
			answer(w, 400, `{"error":{"code":"payload_invalid"}}`)
			return
		}
		value, _ := json.Marshal(data{
			ConversationID: event.Payload.Thread.ID,
			CustomerID:     event.Payload.Customer.ID,
			Status:         event.Payload.Thread.Status,
			Title:          event.Payload.Thread.Title,
			OccurredAt:     event.Timestamp,
		})
		id := "plain:" + event.ID
		header := func(key, value string) kgo.RecordHeader {
			return kgo.RecordHeader{Key: key, Value: []byte(value)}
		}
		record := &kgo.Record{
			Key:   []byte(event.Payload.Thread.ID),
			Value: value,
			Headers: []kgo.RecordHeader{
				header("content-type", "application/json"),
				header("ce_specversion", "1.0"),
				header("ce_id", id),
				header("ce_source", "https://app.plain.com/workspace/"+event.WorkspaceID),
				header("ce_type", "conversation.status_changed"),
				header("ce_subject", event.Payload.Thread.ID),
				header("ce_time", event.Timestamp),
				header("ce_dataschema", "https://switchboard.example/schemas/conversation.status_changed/v1"),
				header("ce_partitionkey", event.Payload.Thread.ID),
				header("ce_vendor", "plain"),
				header("ce_vendorevent", event.Type),
				header("ce_vendoreventid", event.ID),
				header("ce_tenant", event.WorkspaceID),
				header("traceparent", r.Header.Get("traceparent")),
			},
		}
		if err := client.ProduceSync(r.Context(), record).FirstErr(); err != nil {
			answer(w, 503, `{"error":{"code":"unavailable","reason":"kafka_unavailable"}}`)
			return
		}
		answer(w, 202, `{"status":"accepted","ids":["`+id+`"]}`)
	})

	server := &http.Server{
		Addr:              net.JoinHostPort(mustEnv("HOST"), mustEnv("PORT")),
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = server.Shutdown(ctx)
		_ = client.Flush(ctx)
		client.Close()
		os.Exit(0)
	}()
	if err := server.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		log.Fatalf("gobridge: %v", err)
	}
}
