package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"os"
	"strconv"
	"time"
)

// Vendor names, as in the bridge's routes.
const (
	vendorPlain      = "plain"
	vendorHelpCrunch = "helpcrunch"
)

// A slot is a place in a template whose JSON value is generated per delivery.
type slot int

const (
	slotEventID         slot = iota // the vendor event id (the same on every attempt)
	slotEventTime                   // Plain's envelope `timestamp`: when the change happened
	slotAttemptTime                 // Plain's signed delivery time: fresh on every attempt
	slotAttemptID                   // Plain's `webhookDeliveryAttemptId`
	slotAttemptNumber               // Plain's `webhookDeliveryAttemptNumber`
	slotHCAttempts                  // HelpCrunch's `attempts` (0 on the first delivery)
	slotHCLastAttemptAt             // HelpCrunch's `lastAttemptAt` (unix seconds)
)

// template is a fixture body, compacted, cut at the values that change per delivery. Everything
// else is kept byte for byte, key order included.
type template struct {
	vendor   string
	literals [][]byte // len(literals) == len(slots)+1
	slots    []slot
	// idPrefix is put before the unique part of the event id (Plain ids look like `pEv_…`).
	idPrefix string
}

// fieldRange is where the value of a key lies in a compacted JSON object.
type fieldRange struct{ start, end int }

// objectFields returns the byte range of the value of every key of the compacted JSON object
// `obj` (top level only), offset by `base`.
func objectFields(obj []byte, base int) (map[string]fieldRange, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	fields := map[string]fieldRange{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("unexpected token %v", tok)
		}
		// Compacted: the value starts right after the ':' that follows the key.
		start := int(dec.InputOffset()) + 1
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		end := int(dec.InputOffset())
		if !bytes.Equal(obj[start:end], raw) {
			return nil, fmt.Errorf("cannot locate the value of %q", key)
		}
		fields[key] = fieldRange{base + start, base + end}
	}
	return fields, nil
}

// loadTemplate reads a fixture body and marks the values generated per delivery.
func loadTemplate(vendor, path string) (*template, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	body := compact.Bytes()
	top, err := objectFields(body, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	type cut struct {
		r fieldRange
		s slot
	}
	var cuts []cut
	need := func(fields map[string]fieldRange, key string, s slot) error {
		r, ok := fields[key]
		if !ok {
			return fmt.Errorf("%s: no %q field", path, key)
		}
		cuts = append(cuts, cut{r, s})
		return nil
	}
	t := &template{vendor: vendor}
	switch vendor {
	case vendorPlain:
		t.idPrefix = "pEv_"
		meta, ok := top["webhookMetadata"]
		if !ok {
			return nil, fmt.Errorf("%s: no webhookMetadata", path)
		}
		inner, err := objectFields(body[meta.start:meta.end], meta.start)
		if err != nil {
			return nil, fmt.Errorf("%s: webhookMetadata: %w", path, err)
		}
		for _, e := range []error{
			need(top, "id", slotEventID),
			need(top, "timestamp", slotEventTime),
			need(inner, "webhookDeliveryAttemptTimestamp", slotAttemptTime),
		} {
			if e != nil {
				return nil, e
			}
		}
		// Optional in old webhook versions.
		_ = need(inner, "webhookDeliveryAttemptId", slotAttemptID)
		_ = need(inner, "webhookDeliveryAttemptNumber", slotAttemptNumber)
	case vendorHelpCrunch:
		if err := need(top, "id", slotEventID); err != nil {
			return nil, err
		}
		_ = need(top, "attempts", slotHCAttempts)
		_ = need(top, "lastAttemptAt", slotHCLastAttemptAt)
	default:
		return nil, fmt.Errorf("unknown vendor %q", vendor)
	}
	// Cut in byte order.
	for i := 1; i < len(cuts); i++ {
		for j := i; j > 0 && cuts[j].r.start < cuts[j-1].r.start; j-- {
			cuts[j], cuts[j-1] = cuts[j-1], cuts[j]
		}
	}
	pos := 0
	for _, c := range cuts {
		t.literals = append(t.literals, body[pos:c.r.start])
		t.slots = append(t.slots, c.s)
		pos = c.r.end
	}
	t.literals = append(t.literals, body[pos:])
	return t, nil
}

// delivery is what varies between two requests built from one template.
type delivery struct {
	eventID   string    // unique part (the prefix is added)
	eventTime time.Time // when the change happened (fixed per event)
	attempt   int       // 1-based
	now       time.Time // when this attempt is sent
}

const isoMillis = "2006-01-02T15:04:05.000Z07:00"

// render appends the body of one delivery to dst. Event ids are the driver's own (a prefix of
// letters, digits and '-', then base 36), so they are written without JSON escaping.
func (t *template) render(dst []byte, d delivery) []byte {
	for i, s := range t.slots {
		dst = append(dst, t.literals[i]...)
		switch s {
		case slotEventID:
			dst = append(dst, '"')
			dst = append(dst, t.idPrefix...)
			dst = append(dst, d.eventID...)
			dst = append(dst, '"')
		case slotEventTime:
			dst = appendQuotedISOMillis(dst, d.eventTime)
		case slotAttemptTime:
			dst = appendQuotedISOMillis(dst, d.now)
		case slotAttemptID:
			dst = append(dst, `"whAttempt_`...)
			dst = append(dst, d.eventID...)
			dst = append(dst, '_')
			dst = strconv.AppendInt(dst, int64(d.attempt), 10)
			dst = append(dst, '"')
		case slotAttemptNumber:
			dst = strconv.AppendInt(dst, int64(d.attempt), 10)
		case slotHCAttempts:
			dst = strconv.AppendInt(dst, int64(d.attempt-1), 10)
		case slotHCLastAttemptAt:
			dst = strconv.AppendInt(dst, d.now.Unix(), 10)
		}
	}
	return append(dst, t.literals[len(t.literals)-1]...)
}

// appendQuotedISOMillis appends `"2006-01-02T15:04:05.000Z"` (UTC), as time.Format(isoMillis)
// would, without its layout parsing.
func appendQuotedISOMillis(dst []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	hour, minute, second := t.Clock()
	if year < 0 || year > 9999 {
		return strconv.AppendQuote(dst, t.Format(isoMillis))
	}
	pad := func(dst []byte, v, width int) []byte {
		var digits [4]byte
		for i := width - 1; i >= 0; i-- {
			digits[i] = byte('0' + v%10)
			v /= 10
		}
		return append(dst, digits[:width]...)
	}
	dst = append(dst, '"')
	dst = pad(dst, year, 4)
	dst = append(dst, '-')
	dst = pad(dst, int(month), 2)
	dst = append(dst, '-')
	dst = pad(dst, day, 2)
	dst = append(dst, 'T')
	dst = pad(dst, hour, 2)
	dst = append(dst, ':')
	dst = pad(dst, minute, 2)
	dst = append(dst, ':')
	dst = pad(dst, second, 2)
	dst = append(dst, '.')
	dst = pad(dst, t.Nanosecond()/1e6, 3)
	return append(dst, 'Z', '"')
}

// size is the length of the template's fixed parts.
func (t *template) size() int {
	n := 0
	for _, l := range t.literals {
		n += len(l)
	}
	return n
}

// fullID is the vendor event id a delivery carries.
func (t *template) fullID(eventID string) string { return t.idPrefix + eventID }

// signatureName is the header a vendor signs its webhooks in.
func signatureName(vendor string) string {
	if vendor == vendorPlain {
		return "plain-request-signature"
	}
	return "x-helpcrunch-signature"
}

// signer signs bodies as one vendor does (hex HMAC: SHA-256 for Plain, SHA-1 for HelpCrunch),
// reusing its hash: one per worker and target, never shared between goroutines.
type signer struct {
	mac hash.Hash
	sum []byte
}

func newSigner(vendor string, secret []byte) *signer {
	if vendor == vendorPlain {
		return &signer{mac: hmac.New(sha256.New, secret)}
	}
	return &signer{mac: hmac.New(sha1.New, secret)}
}

// appendSignature appends the hex signature of body to dst.
func (s *signer) appendSignature(dst, body []byte) []byte {
	s.mac.Reset()
	s.mac.Write(body)
	s.sum = s.mac.Sum(s.sum[:0])
	return hex.AppendEncode(dst, s.sum)
}

// signatureHeader returns the header name and hex signature of `body`, as the vendor signs it.
func signatureHeader(vendor string, secret []byte, body []byte) (string, string) {
	return signatureName(vendor), string(newSigner(vendor, secret).appendSignature(nil, body))
}
