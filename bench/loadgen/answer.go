package main

import (
	"bytes"
	"encoding/json"
)

// answer is what one delivery attempt got back.
type answer struct {
	Attempt int `json:"attempt"`
	// SentAt is when the request was sent, in Unix milliseconds.
	SentAt int64 `json:"t"`
	// Ms is the latency until the whole answer was read (or until the failure).
	Ms float64 `json:"ms"`
	// Status is the HTTP status; 0 when there was no answer (transport error or hung).
	Status int `json:"status"`
	// BodyStatus is the body's `status` field, or its `error.code` for an error answer.
	BodyStatus string `json:"body_status,omitempty"`
	// Reason is the body's `reason` (or `error.reason`).
	Reason string   `json:"reason,omitempty"`
	IDs    []string `json:"ids,omitempty"`
	// Err is "hung" (no answer within the client timeout) or the transport error.
	Err          string `json:"error,omitempty"`
	Undocumented bool   `json:"undocumented,omitempty"`
	// Body is kept (truncated) only for undocumented answers.
	Body string `json:"body,omitempty"`
	// idCount is the number of ids in the answer (kept in IDs only for the event log).
	idCount int
}

// acknowledged: the bridge took responsibility for the event: Kafka has it (202 accepted or 200
// duplicate), or its spool has it on disk, due on Kafka once drained (202 spooled, SPOOL_DIR).
func (a *answer) acknowledged() bool {
	return (a.Status == 202 && (a.BodyStatus == "accepted" || a.BodyStatus == "spooled")) ||
		(a.Status == 200 && a.BodyStatus == "duplicate")
}

// key names the answer in histograms: "202 accepted", "503 unavailable/overloaded" (an error
// answer's code and reason), "hung", "transport_error".
func (a *answer) key() string {
	switch {
	case a.Err == "hung":
		return "hung"
	case a.Status == 0:
		return "transport_error"
	}
	return label(a.Status, a.BodyStatus, a.Reason)
}

// label is "status", "status code" or, for an error answer with a reason, "status code/reason".
func label(status int, code, reason string) string {
	switch {
	case code == "":
		return itoa(status)
	case status >= 400 && reason != "":
		return itoa(status) + " " + code + "/" + truncate(reason, 40)
	default:
		return itoa(status) + " " + code
	}
}

// errorStatuses are the error answers of the README's status-code contract; each has a JSON body
// `{"error":{"code":…}}`.
var errorStatuses = map[int]bool{400: true, 401: true, 404: true, 408: true, 413: true, 431: true, 503: true}

// parseAnswer fills the answer from a response (status, whether it had Retry-After, body) and
// checks it against the contract: 202 accepted (with ids) / ignored / dead_lettered / spooled,
// 200 duplicate (with ids), or one of the error statuses with a JSON error body (503 also with
// Retry-After). The ids are kept only with `keepIDs` (the event log); they are always counted.
// The common answers (`{"status":"accepted","ids":[…]}` and the like) are read by a small scanner
// without allocating; anything else goes through encoding/json.
func parseAnswer(a *answer, status int, retryAfter bool, body []byte, keepIDs bool) {
	a.Status = status
	if word, ids, ok := scanStatusAnswer(body, a, keepIDs); ok {
		a.BodyStatus = word
		documented := false
		switch status {
		case 202:
			documented = (word == "accepted" && ids > 0) || word == "ignored" ||
				word == "dead_lettered" || word == "spooled"
		case 200:
			documented = word == "duplicate" && ids > 0
		}
		a.idCount = ids
		if !documented {
			a.Undocumented = true
			a.Body = truncate(string(body), 300)
		}
		return
	}
	var parsed struct {
		Status string   `json:"status"`
		Reason string   `json:"reason"`
		IDs    []string `json:"ids"`
		Error  *struct {
			Code   string `json:"code"`
			Reason string `json:"reason"`
		} `json:"error"`
	}
	jsonOK := json.Unmarshal(body, &parsed) == nil
	documented := false
	if jsonOK {
		if parsed.Error != nil {
			a.BodyStatus = parsed.Error.Code
			a.Reason = parsed.Error.Reason
		} else {
			a.BodyStatus = parsed.Status
			a.Reason = parsed.Reason
			a.idCount = len(parsed.IDs)
			if keepIDs {
				a.IDs = parsed.IDs
			}
		}
		switch {
		case status == 202:
			documented = (parsed.Status == "accepted" && len(parsed.IDs) > 0) ||
				parsed.Status == "ignored" || parsed.Status == "dead_lettered" ||
				parsed.Status == "spooled"
		case status == 200:
			documented = parsed.Status == "duplicate" && len(parsed.IDs) > 0
		case errorStatuses[status]:
			documented = parsed.Error != nil && parsed.Error.Code != "" &&
				(status != 503 || retryAfter)
		}
	}
	if !documented {
		a.Undocumented = true
		a.Body = truncate(string(body), 300)
	}
}

// statusWords are the `status` values of the success answers, as constants (no allocation).
var statusWords = []string{"accepted", "duplicate", "ignored", "dead_lettered", "spooled"}

// scanStatusAnswer reads exactly `{"status":"<word>"}` or `{"status":"<word>","ids":["…",…]}`
// (ids without escapes), the success answers' shape; ok is false for anything else. It returns the
// word (one of statusWords) and the number of ids, appended to a.IDs with keepIDs.
func scanStatusAnswer(body []byte, a *answer, keepIDs bool) (word string, ids int, ok bool) {
	rest, found := bytes.CutPrefix(body, []byte(`{"status":"`))
	if !found {
		return "", 0, false
	}
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return "", 0, false
	}
	for _, w := range statusWords {
		if string(rest[:end]) == w {
			word = w
		}
	}
	if word == "" {
		return "", 0, false
	}
	rest = rest[end+1:]
	if string(rest) == "}" {
		return word, 0, true
	}
	rest, found = bytes.CutPrefix(rest, []byte(`,"ids":[`))
	if !found {
		return "", 0, false
	}
	if string(rest) == "]}" {
		return word, 0, true
	}
	var kept []string
	for {
		if len(rest) == 0 || rest[0] != '"' {
			return "", 0, false
		}
		end = bytes.IndexByte(rest[1:], '"')
		if end < 0 || bytes.IndexByte(rest[1:1+end], '\\') >= 0 {
			return "", 0, false
		}
		if keepIDs {
			kept = append(kept, string(rest[1:1+end]))
		}
		ids++
		rest = rest[end+2:]
		if string(rest) == "]}" {
			a.IDs = kept
			return word, ids, true
		}
		if len(rest) == 0 || rest[0] != ',' {
			return "", 0, false
		}
		rest = rest[1:]
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
