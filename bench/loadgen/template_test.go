package main

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"
)

// A rendered body is the fixture with only the per-delivery values changed.
func TestRenderKeepsTheFixture(t *testing.T) {
	for vendor, path := range map[string]string{
		vendorPlain:      "../../fixtures/plain/thread.thread_created/body.json",
		vendorHelpCrunch: "../../fixtures/helpcrunch/chat.new/body.json",
	} {
		tmpl, err := loadTemplate(vendor, path)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2030, 1, 2, 3, 4, 5, 6e6, time.UTC)
		body := tmpl.render(nil, delivery{eventID: "x1", eventTime: now.Add(-time.Second), attempt: 3, now: now})
		var got map[string]any
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("%s: %v: %s", vendor, err, body)
		}
		if got["id"] != tmpl.idPrefix+"x1" {
			t.Errorf("%s: id %v", vendor, got["id"])
		}
		want := map[string]any{}
		raw, _ := os.ReadFile(path)
		_ = json.Unmarshal(raw, &want)
		if vendor == vendorPlain {
			meta := got["webhookMetadata"].(map[string]any)
			if meta["webhookDeliveryAttemptTimestamp"] != "2030-01-02T03:04:05.006Z" || meta["webhookDeliveryAttemptNumber"] != 3.0 {
				t.Errorf("plain metadata %v", meta)
			}
			if got["timestamp"] != "2030-01-02T03:04:04.006Z" {
				t.Errorf("plain timestamp %v", got["timestamp"])
			}
			delete(got, "webhookMetadata")
			delete(want, "webhookMetadata")
			delete(got, "timestamp")
			delete(want, "timestamp")
		} else {
			if got["attempts"] != 2.0 || got["lastAttemptAt"] != float64(now.Unix()) {
				t.Errorf("helpcrunch attempts %v %v", got["attempts"], got["lastAttemptAt"])
			}
			delete(got, "attempts")
			delete(want, "attempts")
			delete(got, "lastAttemptAt")
			delete(want, "lastAttemptAt")
		}
		delete(got, "id")
		delete(want, "id")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the rest of the fixture changed", vendor)
		}
	}
}
