package kiwipackage

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// StreamShape is the data of an error event: ShapeEnvelope, ShapeNamed or ShapeFlat.
type StreamShape string

const (
	// ShapeEnvelope: the error envelope, {"error": {"message", "type", "code", "param"}}.
	ShapeEnvelope StreamShape = "envelope"
	// ShapeNamed: a named error object, {"type": "error", "error": {...}}.
	ShapeNamed StreamShape = "named"
	// ShapeFlat: a flat error object, {"type": "error", "code", "message", "param"}.
	ShapeFlat StreamShape = "flat"
)

// StreamFormat is how the catalog's API sends errors in a stream of Server-Sent Events
// and ends a complete one: the catalog's [stream] table.
type StreamFormat struct {
	// Event is the event name errors are sent as; "message" is an event without an
	// "event:" line.
	Event string
	// Shape is the shape of an error event's data.
	Shape StreamShape
	// EndData is the data of the event that ends a complete stream ("[DONE]");
	// HasEndData says whether the stream ends that way.
	EndData string
	// HasEndData is true when a complete stream ends with an event of data EndData.
	HasEndData bool
	// EndEvent is the name of the event that ends a complete stream; HasEndEvent says
	// whether the stream ends that way.
	EndEvent string
	// HasEndEvent is true when a complete stream ends with an event named EndEvent.
	HasEndEvent bool
	// Codes are the codes that may arrive mid-stream, in catalog order.
	Codes []string
}

// IsEnd reports whether an event of this name and data is the end of a complete stream.
func (f StreamFormat) IsEnd(name, data string) bool {
	return (f.HasEndData && data == f.EndData) || (f.HasEndEvent && name == f.EndEvent)
}

// CatalogStream returns the catalog's stream format, if the catalog has a [stream]
// table. Without one, a stream has no end event and errors are written as the envelope
// in events without a name.
func CatalogStream() (StreamFormat, bool) {
	if catalogStream == nil {
		return StreamFormat{}, false
	}
	f := *catalogStream
	f.Codes = append([]string(nil), catalogStream.Codes...)
	return f, true
}

// StreamEventKind is what an event of a stream is: StreamEnd, StreamError or
// StreamContent.
type StreamEventKind string

const (
	// StreamEnd: the event ends a complete stream.
	StreamEnd StreamEventKind = "end"
	// StreamError: the event is an error; the stream failed.
	StreamError StreamEventKind = "error"
	// StreamContent: anything else, part of the answer.
	StreamContent StreamEventKind = "content"
)

// StreamEvent is what one event of a stream is (the retry specification, section 14.1).
type StreamEvent struct {
	// Kind is StreamEnd, StreamError or StreamContent.
	Kind StreamEventKind
	// Err is the error when Kind is StreamError, else nil. It is typed as FromResponse's
	// errors are (its code's type, else its status's), so errors.As and errors.Is work on
	// it alike; errors.As always finds an *APIError, with FromStream set.
	Err error
}

// APIError returns the event's error as an *APIError, or nil when the event is not an
// error.
func (ev StreamEvent) APIError() *APIError {
	var e *APIError
	if ev.Err != nil && errors.As(ev.Err, &e) {
		return e
	}
	return nil
}

// TypeStatus returns the HTTP status the catalog gives an error type, if the catalog
// lists the type.
func TypeStatus(errorType string) (int, bool) {
	for _, t := range catalogTypes {
		if t.name == errorType {
			return t.status, true
		}
	}
	return 0, false
}

// typeStatus is an error type of the catalog and its status.
type typeStatus struct {
	name   string
	status int
}

// serverStatus is the status of an error read from a stream whose code and type the
// catalog does not list, whose type is the stream type (section 14.2).
const serverStatus = http.StatusInternalServerError

// StreamStatus is the status of an error read from a stream, which came with none of
// its own (section 14.2): the status the catalog gives its code (hasCode false for
// none) when it lists the code, else the status of its type when it lists the type,
// else 500.
func StreamStatus(errorType, code string, hasCode bool) int {
	if hasCode {
		if c, ok := LookupCode(code); ok {
			return c.Status
		}
	}
	if status, ok := TypeStatus(errorType); ok {
		return status
	}
	return serverStatus
}

// FromStreamEvent says what one event of a stream of Server-Sent Events is: the end of a
// complete stream (by the catalog's [stream] table), an error, or content (the retry
// specification, section 14.1). name is the event's name ("message" when it has no
// "event:" line) and data its data lines joined with "\n". It never fails: data that
// is not JSON, or JSON of another shape, is content, unless the event is named "error".
//
// It recognises every shape of error event whatever the catalog declares: the envelope
// {"error": {...}} (also as {"type": "error", "error": {...}}), the flat
// {"type": "error", "code", "message", "param"}, and
// {"type": "response.failed", "response": {"error": {...}}}. An error read from a stream
// has no HTTP status of its own: its Status is StreamStatus's, its Policy follows from
// it, and FromStream is true.
func FromStreamEvent(name, data string) StreamEvent {
	if catalogStream != nil && catalogStream.IsEnd(name, data) {
		return StreamEvent{Kind: StreamEnd}
	}
	if e := readStreamError(name, data); e != nil {
		return StreamEvent{Kind: StreamError, Err: wrap(e)}
	}
	return StreamEvent{Kind: StreamContent}
}

// mayHoldError reports whether data can hold one of the error shapes: an object that
// spells "error" in a string, or holds an escape that could spell it. Every error shape
// needs the string "error" (a member name or the flat form's type), and JSON has no
// other way of writing its letters; content deltas fail this at the cost of a search.
func mayHoldError(data string) bool {
	trimmed := strings.TrimLeft(data, " \t\n\r")
	return strings.HasPrefix(trimmed, "{") &&
		(strings.Contains(data, `"error"`) || strings.Contains(data, `\u`))
}

// readStreamError reads the error of an event (section 14.1, steps 2 and 3), or nil for
// content.
func readStreamError(name, data string) *APIError {
	named := name == "error"
	if !named && !mayHoldError(data) {
		return nil
	}
	raw := []byte(data)
	e := &APIError{FromStream: true}
	found := false
	if v, ok := parseJSON(raw); ok && v.kind == jsonObject {
		if obj, readsType := errorMember(v); obj != nil {
			found = true
			if m := obj.members["message"]; m != nil && m.kind == jsonString {
				e.Message = m.str
			} else {
				e.Message = bodyText(raw)
			}
			if t := obj.members["type"]; readsType && t != nil && t.kind == jsonString {
				e.Type = t.str
			} else {
				e.Type = StatusType(serverStatus)
			}
			e.Code, e.HasCode = jsonText(obj.members["code"])
			e.Param, e.HasParam = jsonText(obj.members["param"])
		}
	}
	if !found {
		if !named {
			return nil
		}
		e.Message = bodyText(raw)
		e.Type = StatusType(serverStatus)
	}
	e.Status = StreamStatus(e.Type, e.Code, e.HasCode)
	e.Policy = PolicyOf(e.Status, e.Code, e.HasCode)
	return e
}

// errorMember is the object an error is read from (section 14.1, step 2), and whether
// its type member names the error (it does not in the flat form, where it names the
// event); nil when the object holds no error.
func errorMember(o *jsonValue) (*jsonValue, bool) {
	if e := o.members["error"]; e != nil && e.kind == jsonObject {
		return e, true
	}
	t := o.members["type"]
	if t == nil || t.kind != jsonString {
		return nil, false
	}
	switch t.str {
	case "error":
		return o, false
	case "response.failed":
		if r := o.members["response"]; r != nil && r.kind == jsonObject {
			if e := r.members["error"]; e != nil && e.kind == jsonObject {
				return e, true
			}
		}
	}
	return nil, false
}

// StreamRetryDecision decides whether to send a streamed request again after its
// stream failed, and when (the retry specification, section 14.4). err is the error of
// the event that failed it (the Err of a StreamEvent of kind StreamError); delivered
// is true when the stream delivered content before it; header is the header of the
// response that carried the stream; the other inputs are RetryDecision's.
//
// A stream that delivered content is not sent again: the decision gives up with
// ReasonPartial (unless config.RetryPartial is set, for an API that resumes streams),
// before every other rule. Otherwise the error is decided as an error response of its
// status (StreamStatus) with the stream response's header.
//
// An err that holds no *APIError (nil, or the error of a stream that ended without its
// end or broke off) is decided as a failed attempt without a response (sections 11
// and 14.4): ReasonPartial when delivered, else backoff without a hint; Policy is ""
// since there is no error to take one from. Call it only when the request may be
// repeated.
func StreamRetryDecision(err error, delivered bool, header http.Header, attempt int, elapsedS, now float64, config Config, random float64) Decision {
	var e *APIError
	if err == nil || !errors.As(err, &e) {
		if delivered && !config.RetryPartial {
			return Decision{Reason: ReasonPartial}
		}
		d := decide(PolicyBackoff, nil, attempt, elapsedS, now, config, random)
		d.Policy = ""
		return d
	}
	if delivered && !config.RetryPartial {
		return Decision{Policy: e.Policy, Reason: ReasonPartial}
	}
	return decide(e.Policy, headerLines(header), attempt, elapsedS, now, config, random)
}

// ErrorEvent writes an error as the Server-Sent Event a server sends it in, in the
// catalog's shape (CatalogStream; the envelope in an event without a name when the
// catalog has no [stream] table): "event: <name>\n" (left out for "message"), then
// "data: <json>\n", then a blank line. FromStreamEvent reads it back as an error of the
// same code, status and policy (and type, except in the flat shape, which carries
// none). An err that holds no *APIError is written as an error of status 500 with its
// text as the message.
func ErrorEvent(err error) string {
	var e *APIError
	if err == nil || !errors.As(err, &e) {
		message := "(no error)"
		if err != nil {
			message = err.Error()
		}
		e = &APIError{Status: serverStatus, Type: StatusType(serverStatus), Message: message}
	}
	name, shape := "message", ShapeEnvelope
	if catalogStream != nil {
		name, shape = catalogStream.Event, catalogStream.Shape
	}
	var code, param *string
	if e.HasCode {
		code = &e.Code
	}
	if e.HasParam {
		param = &e.Param
	}
	type inner struct {
		Message string  `json:"message"`
		Type    string  `json:"type"`
		Code    *string `json:"code,omitempty"`
		Param   *string `json:"param,omitempty"`
	}
	var data interface{}
	switch shape {
	case ShapeNamed:
		data = struct {
			Type  string `json:"type"`
			Error inner  `json:"error"`
		}{"error", inner{e.Message, e.Type, code, param}}
	case ShapeFlat:
		data = struct {
			Type    string  `json:"type"`
			Code    *string `json:"code,omitempty"`
			Message string  `json:"message"`
			Param   *string `json:"param,omitempty"`
		}{"error", code, e.Message, param}
	default:
		data = struct {
			Error inner `json:"error"`
		}{inner{e.Message, e.Type, code, param}}
	}
	var out strings.Builder
	if name != "message" {
		out.WriteString("event: " + name + "\n")
	}
	out.WriteString(dataLines(compactJSON(data)))
	return out.String()
}

// EndEvent is the event a server ends a complete stream with, by the catalog's
// [stream] table: "data: <end data>\n\n", or an event of the end's name with the data
// {"type": "<name>"}; false when the catalog marks no end.
func EndEvent() (string, bool) {
	switch {
	case catalogStream == nil:
		return "", false
	case catalogStream.HasEndData:
		return dataLines(catalogStream.EndData), true
	case catalogStream.HasEndEvent:
		data := compactJSON(map[string]string{"type": catalogStream.EndEvent})
		return "event: " + catalogStream.EndEvent + "\n" + dataLines(data), true
	}
	return "", false
}

// dataLines is the data of an event as its "data:" lines, one per line of it, and the
// blank line that ends the event.
func dataLines(data string) string {
	var out strings.Builder
	for _, line := range strings.Split(data, "\n") {
		out.WriteString("data: " + line + "\n")
	}
	out.WriteString("\n")
	return out.String()
}

// compactJSON is a value as one line of JSON, without escaping HTML characters.
func compactJSON(v interface{}) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "{}"
	}
	return strings.TrimSuffix(buf.String(), "\n")
}
