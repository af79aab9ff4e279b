package kiwipackage

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"unicode/utf8"
)

// RetryPolicy is the retry policy of an error: PolicyNever or PolicyBackoff.
type RetryPolicy string

const (
	// PolicyNever: the error is not retried.
	PolicyNever RetryPolicy = "never"
	// PolicyBackoff: the error is retried with backoff.
	PolicyBackoff RetryPolicy = "backoff"
)

// APIError is an error response of the API, read from its status and body. Every error
// that FromResponse returns is an *APIError, or a type of its status or code that
// unwraps to one, so errors.As(err, &apiErr) always finds it.
type APIError struct {
	// Status is the HTTP status of the response (of an error read from a stream, the
	// status StreamStatus gives it).
	Status int
	// Type is the error's type: the envelope's `type`, else the type of the status.
	Type string
	// Code is the error's code; HasCode says whether it has one.
	Code string
	// HasCode is true when the body gave a code.
	HasCode bool
	// Param is the request parameter the error is about; HasParam says whether it has one.
	Param string
	// HasParam is true when the body gave a param.
	HasParam bool
	// Message is the error's message.
	Message string
	// Policy is the error's retry policy, from its code, else its status.
	Policy RetryPolicy
	// FromStream is true for an error read from an event of a stream (FromStreamEvent):
	// it had no HTTP status on the wire (the stream's was a success), and Status is the
	// catalog's status for its code, else for its type, else 500 (StreamStatus).
	FromStream bool
}

// Error describes the error: its status, type, code when it has one, and message.
func (e *APIError) Error() string {
	if e.FromStream {
		if e.HasCode {
			return fmt.Sprintf("stream error (status %d) %s (%s): %s", e.Status, e.Type, e.Code, e.Message)
		}
		return fmt.Sprintf("stream error (status %d) %s: %s", e.Status, e.Type, e.Message)
	}
	if e.HasCode {
		return fmt.Sprintf("HTTP %d %s (%s): %s", e.Status, e.Type, e.Code, e.Message)
	}
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Type, e.Message)
}

// Retryable reports whether the error's retry policy is PolicyBackoff.
func (e *APIError) Retryable() bool {
	return e.Policy == PolicyBackoff
}

// Is matches the sentinel errors of the catalog (StatusErrors, CodeErrors): a status
// sentinel matches every error of that status, a code sentinel every error with that
// code.
func (e *APIError) Is(target error) bool {
	k, ok := target.(*kindError)
	if !ok {
		return false
	}
	if k.code != "" {
		return e.HasCode && e.Code == k.code
	}
	return e.Status == k.status
}

// CodeInfo returns what the catalog says of the error's code, if the catalog lists it.
func (e *APIError) CodeInfo() (CodeInfo, bool) {
	if !e.HasCode {
		return CodeInfo{}, false
	}
	return LookupCode(e.Code)
}

// Body is the error written back out as a JSON envelope:
// {"error": {"message", "type", "code", "param"}}, code and param when it has them.
func (e *APIError) Body() []byte {
	type envelope struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Code    *string `json:"code,omitempty"`
		Param   *string `json:"param,omitempty"`
	}
	inner := envelope{Message: e.Message, Type: e.Type}
	if e.HasCode {
		code := e.Code
		inner.Code = &code
	}
	if e.HasParam {
		param := e.Param
		inner.Param = &param
	}
	out, err := json.Marshal(map[string]envelope{"error": inner})
	if err != nil {
		return []byte(`{"error":{"message":"","type":""}}`)
	}
	return out
}

// kindError is a sentinel error: a status of the catalog or one of its codes.
type kindError struct {
	status int
	code   string
	name   string
}

func (k *kindError) Error() string {
	return k.name
}

// CodeInfo is what the catalog says of an error code.
type CodeInfo struct {
	// Name is the code's wire name.
	Name string
	// Type is its error type.
	Type string
	// Status is its HTTP status.
	Status int
	// Policy is its retry policy.
	Policy RetryPolicy
	// Param is the request parameter it is about, if any ("" for none).
	Param string
	// Message is its message template.
	Message string
	// Remediation lists what a client can do, in order.
	Remediation []string
	// DocURL is its documentation URL.
	DocURL string
	// Retired is true for a code that is still read but no longer sent.
	Retired bool
}

// StatusInfo is what the catalog says of an HTTP status.
type StatusInfo struct {
	// Status is the numeric status.
	Status int
	// Name is its name in the catalog.
	Name string
	// Policy is its default retry policy.
	Policy RetryPolicy
	// Success is true for a success status.
	Success bool
}

// LookupCode returns what the catalog says of a code, if it lists it.
func LookupCode(code string) (CodeInfo, bool) {
	i, ok := codeIndex[code]
	if !ok {
		return CodeInfo{}, false
	}
	return catalogCodes[i], true
}

// LookupStatus returns what the catalog says of a status, if it lists it.
func LookupStatus(status int) (StatusInfo, bool) {
	i, ok := statusIndex[status]
	if !ok {
		return StatusInfo{}, false
	}
	return catalogStatuses[i], true
}

var (
	codeIndex   = map[string]int{}
	statusIndex = map[int]int{}
)

func init() {
	for i, c := range catalogCodes {
		codeIndex[c.Name] = i
	}
	for i, s := range catalogStatuses {
		statusIndex[s.Status] = i
	}
}

// statusType is the type of a status that alone has one in the catalog.
type statusType struct {
	status int
	name   string
}

// StatusType is the type of an error of the status whose body gives none: the type of
// the catalog that alone has that status, else http_Nxx_error.
func StatusType(status int) string {
	for _, st := range catalogStatusTypes {
		if st.status == status {
			return st.name
		}
	}
	return fmt.Sprintf("http_%dxx_error", status/100%10)
}

// PolicyOf is the retry policy of an error of the status with the code (hasCode false
// for none): the code's when the catalog lists it, else the status's default when the
// catalog lists the status, else backoff for TransientStatuses and 5xx, never otherwise.
func PolicyOf(status int, code string, hasCode bool) RetryPolicy {
	if hasCode {
		if c, ok := LookupCode(code); ok {
			return c.Policy
		}
	}
	if s, ok := LookupStatus(status); ok {
		return s.Policy
	}
	for _, t := range TransientStatuses {
		if t == status {
			return PolicyBackoff
		}
	}
	if status >= 500 && status <= 599 {
		return PolicyBackoff
	}
	return PolicyNever
}

// FromResponse reads the error of a response from its status and body (the headers
// play no part in it; they are taken so that every response reads the same way). It
// never fails: a body that is not an error envelope gives an error with the body's
// text as its message. The result is the type of its code when the catalog lists the
// code, else the type of its status, else the server error type for an unlisted 5xx,
// else *APIError; each unwraps to the next, so errors.As finds any of them.
func FromResponse(status int, header http.Header, body []byte) error {
	_ = header
	return wrap(readError(status, body))
}

// ParseError is FromResponse returning the *APIError itself.
func ParseError(status int, body []byte) *APIError {
	return readError(status, body)
}

func readError(status int, body []byte) *APIError {
	e := &APIError{Status: status}
	typed := false
	if v, ok := parseJSON(body); ok && v.kind == jsonObject {
		member := v.members["error"]
		switch {
		case member != nil && member.kind == jsonObject:
			if m := member.members["message"]; m != nil && m.kind == jsonString {
				e.Message = m.str
			} else {
				e.Message = bodyText(body)
			}
			if t := member.members["type"]; t != nil && t.kind == jsonString {
				e.Type = t.str
				typed = true
			}
			e.Code, e.HasCode = jsonText(member.members["code"])
			e.Param, e.HasParam = jsonText(member.members["param"])
		case member != nil && member.kind == jsonString:
			e.Message = member.str
		default:
			if m := v.members["message"]; m != nil && m.kind == jsonString {
				e.Message = m.str
			} else {
				e.Message = bodyText(body)
			}
		}
	} else {
		e.Message = bodyText(body)
	}
	if !typed {
		e.Type = StatusType(status)
	}
	e.Policy = PolicyOf(status, e.Code, e.HasCode)
	return e
}

// jsonText reads a code or a param as text: a string is itself, a number whose value is
// an integer of magnitude at most 2^53 - 1 its decimal digits; anything else is none.
func jsonText(v *jsonValue) (string, bool) {
	if v == nil {
		return "", false
	}
	switch v.kind {
	case jsonString:
		return v.str, true
	case jsonNumber:
		const maxSafe = 1<<53 - 1
		if v.num == math.Trunc(v.num) && math.Abs(v.num) <= maxSafe {
			return strconv.FormatInt(int64(v.num), 10), true
		}
	}
	return "", false
}

// bodyText is the body's text: its bytes decoded as UTF-8 (each maximal ill-formed
// subsequence replaced by U+FFFD), cut to MaxMessageBytes with a note of its length.
func bodyText(body []byte) string {
	if len(body) == 0 {
		return "(empty body)"
	}
	cut := len(body) > MaxMessageBytes
	var text string
	if cut {
		text = decodeUTF8(body[:MaxMessageBytes], true)
	} else {
		text = decodeUTF8(body, false)
	}
	if len(text) > MaxMessageBytes {
		end := MaxMessageBytes
		for end > 0 && text[end]&0xC0 == 0x80 {
			end--
		}
		text = text[:end]
		cut = true
	}
	if cut {
		text += fmt.Sprintf(" \u2026 (%d bytes in all)", len(body))
	}
	return text
}

// decodeUTF8 decodes bytes as the WHATWG UTF-8 decoder does, each maximal ill-formed
// subsequence becoming U+FFFD. With dropTail, a sequence cut short at the end is left
// out instead.
func decodeUTF8(b []byte, dropTail bool) string {
	out := make([]byte, 0, len(b))
	var cp rune
	needed, seen := 0, 0
	lower, upper := byte(0x80), byte(0xBF)
	for i := 0; i < len(b); {
		c := b[i]
		if needed == 0 {
			i++
			switch {
			case c <= 0x7F:
				out = append(out, c)
			case c >= 0xC2 && c <= 0xDF:
				needed, cp = 1, rune(c&0x1F)
			case c >= 0xE0 && c <= 0xEF:
				if c == 0xE0 {
					lower = 0xA0
				}
				if c == 0xED {
					upper = 0x9F
				}
				needed, cp = 2, rune(c&0x0F)
			case c >= 0xF0 && c <= 0xF4:
				if c == 0xF0 {
					lower = 0x90
				}
				if c == 0xF4 {
					upper = 0x8F
				}
				needed, cp = 3, rune(c&0x07)
			default:
				out = append(out, "\uFFFD"...)
			}
			continue
		}
		if c < lower || c > upper {
			// The byte is not consumed: it starts the next sequence.
			cp, needed, seen = 0, 0, 0
			lower, upper = 0x80, 0xBF
			out = append(out, "\uFFFD"...)
			continue
		}
		i++
		lower, upper = 0x80, 0xBF
		cp = cp<<6 | rune(c&0x3F)
		seen++
		if seen == needed {
			out = utf8.AppendRune(out, cp)
			cp, needed, seen = 0, 0, 0
		}
	}
	if needed != 0 && !dropTail {
		out = append(out, "\uFFFD"...)
	}
	return string(out)
}
