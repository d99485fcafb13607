package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"syscall"
	"time"
)

// A lean HTTP/1.1 client: one keep-alive connection per worker, one write per request (headers
// and body built in a reused buffer), the answer parsed in place. net/http's client costs three
// goroutine hand-offs (caller, writeLoop, readLoop) and some forty allocations per request; at
// 20,000 requests/s that alone took most of a core on the 2-core bench machine, the driver
// saturated before the server did, and every server looked slower than it is.

// staleAfter: a connection idle this long is checked (a non-blocking peek) before it is reused,
// since the server may have closed it meanwhile (Node's keep-alive timeout is 5 s by default).
// net/http notices that through the read it keeps pending on every idle connection.
const staleAfter = 500 * time.Millisecond

// endpoint is where one target's requests go: its address and the fixed head of its requests.
type endpoint struct {
	addr string
	// head is the request line and fixed headers, up to the signature header's name and ": ".
	head []byte
}

func newEndpoint(rawURL, signatureHeader string) (*endpoint, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("%s: only http:// is supported", rawURL)
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	path := u.RequestURI()
	head := "POST " + path + " HTTP/1.1\r\nHost: " + u.Host +
		"\r\nContent-Type: application/json\r\nUser-Agent: switchboard-loadgen\r\n" +
		signatureHeader + ": "
	return &endpoint{addr: addr, head: []byte(head)}, nil
}

// httpConn is one keep-alive connection.
type httpConn struct {
	c        *net.TCPConn
	r        *bufio.Reader
	addr     string
	lastUsed time.Time
}

// response is an answer read from a connection; body is valid until the worker's next request.
type response struct {
	status     int
	retryAfter bool
	body       []byte
}

// errNoAnswer marks a connection that ended before any byte of an answer came back.
var errNoAnswer = errors.New("connection closed before an answer")

func dial(addr string, timeout time.Duration) (*httpConn, error) {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	tc := c.(*net.TCPConn)
	_ = tc.SetNoDelay(true)
	_ = tc.SetKeepAlivePeriod(30 * time.Second)
	return &httpConn{c: tc, r: bufio.NewReaderSize(tc, 16<<10), addr: addr, lastUsed: time.Now()}, nil
}

// alive: a non-blocking peek finds neither an end of stream nor an error (nor stray bytes).
func (hc *httpConn) alive() bool {
	raw, err := hc.c.SyscallConn()
	if err != nil {
		return false
	}
	ok := false
	var one [1]byte
	_ = raw.Read(func(fd uintptr) bool {
		n, _, err := syscall.Recvfrom(int(fd), one[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		ok = n < 0 && errors.Is(err, syscall.EAGAIN)
		return true
	})
	return ok
}

func (hc *httpConn) close() { _ = hc.c.Close() }

// roundTrip writes req and reads one answer into *body (reused). keep is false when the
// connection must not be used again (an error, `Connection: close`, an HTTP/1.0 answer).
func (hc *httpConn) roundTrip(req []byte, deadline time.Time, body *[]byte) (res response, keep bool, err error) {
	if err = hc.c.SetDeadline(deadline); err != nil {
		return res, false, err
	}
	_, werr := hc.c.Write(req)
	// A server may answer (e.g. 413) and close before it read the whole request: read anyway.
	res, keep, err = hc.readResponse(body)
	if err != nil && werr != nil {
		err = werr
	}
	hc.lastUsed = time.Now()
	return res, keep && err == nil, err
}

func (hc *httpConn) readResponse(body *[]byte) (res response, keep bool, err error) {
	line, err := hc.r.ReadSlice('\n')
	if err != nil {
		if len(line) == 0 && (errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)) {
			return res, false, errNoAnswer
		}
		return res, false, err
	}
	// "HTTP/1.1 202 Accepted\r\n"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) || line[8] != ' ' {
		return res, false, fmt.Errorf("malformed status line %q", truncate(string(line), 60))
	}
	keep = line[7] == '1'
	res.status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return res, false, fmt.Errorf("malformed status line %q", truncate(string(line), 60))
	}
	contentLength, chunked := -1, false
	for {
		line, err = hc.r.ReadSlice('\n')
		if err != nil {
			return res, false, err
		}
		header := bytes.TrimRight(line, "\r\n")
		if len(header) == 0 {
			break
		}
		colon := bytes.IndexByte(header, ':')
		if colon < 0 {
			continue
		}
		name, value := header[:colon], bytes.TrimSpace(header[colon+1:])
		switch {
		case equalFold(name, "content-length"):
			if contentLength, err = strconv.Atoi(string(value)); err != nil || contentLength < 0 {
				return res, false, fmt.Errorf("malformed content-length %q", value)
			}
		case equalFold(name, "transfer-encoding"):
			chunked = bytes.Contains(bytes.ToLower(value), []byte("chunked"))
		case equalFold(name, "connection"):
			if equalFold(value, "close") {
				keep = false
			} else if equalFold(value, "keep-alive") {
				keep = true
			}
		case equalFold(name, "retry-after"):
			res.retryAfter = len(value) > 0
		}
	}
	*body = (*body)[:0]
	switch {
	case chunked:
		for {
			line, err = hc.r.ReadSlice('\n')
			if err != nil {
				return res, false, err
			}
			sizeText := bytes.TrimRight(line, "\r\n")
			if i := bytes.IndexByte(sizeText, ';'); i >= 0 {
				sizeText = sizeText[:i]
			}
			size, perr := strconv.ParseInt(string(bytes.TrimSpace(sizeText)), 16, 32)
			if perr != nil || size < 0 {
				return res, false, fmt.Errorf("malformed chunk size %q", sizeText)
			}
			if size == 0 {
				// Trailers, up to the empty line.
				for {
					line, err = hc.r.ReadSlice('\n')
					if err != nil {
						return res, false, err
					}
					if len(bytes.TrimRight(line, "\r\n")) == 0 {
						return res, keep, nil
					}
				}
			}
			if err = readN(hc.r, body, int(size)); err != nil {
				return res, false, err
			}
			if _, err = hc.r.Discard(2); err != nil {
				return res, false, err
			}
		}
	case contentLength >= 0:
		return res, keep, readN(hc.r, body, contentLength)
	case res.status == 204 || res.status == 304 || res.status/100 == 1:
		return res, keep, nil
	default:
		// No length: the body runs to the end of the connection.
		for {
			if err = readN(hc.r, body, 4096); err != nil {
				if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
					return res, false, nil
				}
				return res, false, err
			}
		}
	}
}

// readN appends exactly n bytes from r to *dst (fewer only with an error).
func readN(r *bufio.Reader, dst *[]byte, n int) error {
	b := *dst
	start := len(b)
	if cap(b)-start < n {
		grown := make([]byte, start, start+n+512)
		copy(grown, b)
		b = grown
	}
	b = b[:start+n]
	read, err := io.ReadFull(r, b[start:])
	*dst = b[:start+read]
	return err
}

// equalFold: ASCII case-insensitive comparison of b with the lower-case s.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}
