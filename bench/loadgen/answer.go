package main

import (
	"encoding/json"
	"net/http"
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

// parseAnswer fills the answer from a response and its body, and checks it against the contract:
// 202 accepted (with ids) / ignored / dead_lettered, 200 duplicate (with ids), or one of the
// error statuses with a JSON error body (503 also with Retry-After).
func parseAnswer(a *answer, resp *http.Response, body []byte) {
	a.Status = resp.StatusCode
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
			a.IDs = parsed.IDs
		}
		switch {
		case resp.StatusCode == 202:
			documented = (parsed.Status == "accepted" && len(parsed.IDs) > 0) ||
				parsed.Status == "ignored" || parsed.Status == "dead_lettered" ||
				parsed.Status == "spooled"
		case resp.StatusCode == 200:
			documented = parsed.Status == "duplicate" && len(parsed.IDs) > 0
		case errorStatuses[resp.StatusCode]:
			documented = parsed.Error != nil && parsed.Error.Code != "" &&
				(resp.StatusCode != 503 || resp.Header.Get("retry-after") != "")
		}
	}
	if !documented {
		a.Undocumented = true
		a.Body = truncate(string(body), 300)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
