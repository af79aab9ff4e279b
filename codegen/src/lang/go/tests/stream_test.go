package kiwipackage

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
)

// Errors in streams (the retry specification, section 14): every stream vector
// classified and decided, and every code of the catalog written as the catalog's error
// event and read back.

type streamCase struct {
	vectorCase
	Event     string `json:"event"`
	Data      string `json:"data"`
	Delivered bool   `json:"delivered"`
	Expected  struct {
		Kind           string   `json:"kind"`
		Status         *int     `json:"status"`
		Policy         *string  `json:"policy"`
		ErrorType      *string  `json:"error_type"`
		Code           *string  `json:"code"`
		Param          *string  `json:"param"`
		Message        *string  `json:"message"`
		Retry          *bool    `json:"retry"`
		Reason         *string  `json:"reason"`
		HintSource     *string  `json:"hint_source"`
		DelayMs        *float64 `json:"delay_ms"`
		DelayFloorMs   *float64 `json:"delay_floor_ms"`
		DelayCeilingMs *float64 `json:"delay_ceiling_ms"`
		RetryAfterMs   *float64 `json:"retry_after_ms"`
	} `json:"expected"`
}

func loadStreamVectors(t *testing.T) []streamCase {
	path := os.Getenv("KIWI_VECTORS")
	if path == "" {
		path = "../retry.vectors.json"
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the vectors (KIWI_VECTORS): %v", err)
	}
	var file struct {
		StreamCases []streamCase `json:"stream_cases"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	if len(file.StreamCases) == 0 {
		t.Fatalf("%s has no stream cases", path)
	}
	return file.StreamCases
}

// streamOutputs are the outputs of one event (section 14.3), nil where they are null.
type streamOutputs struct {
	status                                       *int
	policy, errorType, code, param, message      *string
	retry                                        *bool
	reason, hintSource                           *string
	delayMs, delayFloorMs, delayCeilingMs, after *float64
}

func classifyAndDecide(t *testing.T, c *streamCase) (StreamEventKind, streamOutputs) {
	ev := FromStreamEvent(c.Event, c.Data)
	var out streamOutputs
	if ev.Kind != StreamError {
		if ev.Err != nil {
			t.Errorf("%s: a %s event has an error: %v", c.Name, ev.Kind, ev.Err)
		}
		return ev.Kind, out
	}
	var e *APIError
	if !errors.As(ev.Err, &e) || ev.APIError() != e {
		t.Fatalf("%s: the error event gave no *APIError: %v", c.Name, ev.Err)
	}
	if !e.FromStream {
		t.Errorf("%s: the error does not say it came from a stream", c.Name)
	}
	config := Config{
		MaxAttempts:   c.MaxAttempts,
		MaxHintS:      c.MaxHintS,
		DeadlineS:     c.DeadlineS,
		HintJitterMs:  c.HintJitterMs,
		BackoffBaseMs: c.BackoffBaseMs,
		BackoffCapMs:  c.BackoffCapMs,
	}
	d := StreamRetryDecision(ev.Err, c.Delivered, c.header(), c.Attempt, c.ElapsedS, c.Now, config, c.Random)
	if d.Policy != e.Policy {
		t.Errorf("%s: the decision's policy %s is not the error's %s", c.Name, d.Policy, e.Policy)
	}
	status, policy, errorType, message, retry := e.Status, string(e.Policy), e.Type, e.Message, d.Retry
	out = streamOutputs{
		status: &status, policy: &policy, errorType: &errorType, message: &message, retry: &retry,
		code: text(e.Code, e.HasCode), param: text(e.Param, e.HasParam),
		reason: optional(string(d.Reason)), hintSource: optional(string(d.HintSource)),
		delayMs: d.DelayMs, delayFloorMs: d.DelayFloorMs, delayCeilingMs: d.DelayCeilingMs, after: d.RetryAfterMs,
	}
	return ev.Kind, out
}

func showInt(p *int) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

func showBool(p *bool) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

func TestStreamVectors(t *testing.T) {
	cases := loadStreamVectors(t)
	passed, failed := 0, 0
	for i := range cases {
		c := &cases[i]
		kind, got := classifyAndDecide(t, c)
		want := &c.Expected
		var bad []string
		check := func(field string, ok bool, got, expected string) {
			if !ok {
				bad = append(bad, fmt.Sprintf("%s = %s, expected %s", field, got, expected))
			}
		}
		check("kind", string(kind) == want.Kind, string(kind), want.Kind)
		check("status", showInt(got.status) == showInt(want.Status), showInt(got.status), showInt(want.Status))
		check("policy", sameText(got.policy, want.Policy), show(got.policy), show(want.Policy))
		check("error_type", sameText(got.errorType, want.ErrorType), show(got.errorType), show(want.ErrorType))
		check("code", sameText(got.code, want.Code), show(got.code), show(want.Code))
		check("param", sameText(got.param, want.Param), show(got.param), show(want.Param))
		check("message", sameText(got.message, want.Message), show(got.message), show(want.Message))
		check("retry", showBool(got.retry) == showBool(want.Retry), showBool(got.retry), showBool(want.Retry))
		check("reason", sameText(got.reason, want.Reason), show(got.reason), show(want.Reason))
		check("hint_source", sameText(got.hintSource, want.HintSource), show(got.hintSource), show(want.HintSource))
		check("delay_ms", sameMs(got.delayMs, want.DelayMs), show(got.delayMs), show(want.DelayMs))
		check("delay_floor_ms", sameMs(got.delayFloorMs, want.DelayFloorMs), show(got.delayFloorMs), show(want.DelayFloorMs))
		check("delay_ceiling_ms", sameMs(got.delayCeilingMs, want.DelayCeilingMs), show(got.delayCeilingMs), show(want.DelayCeilingMs))
		check("retry_after_ms", sameMs(got.after, want.RetryAfterMs), show(got.after), show(want.RetryAfterMs))
		if len(bad) > 0 {
			failed++
			t.Errorf("[section %s] %s: %v", c.Section, c.Name, bad)
		} else {
			passed++
		}
	}
	fmt.Printf("go stream vectors: %d passed, %d failed\n", passed, failed)
}

// parseEvent splits one written event into its name and data, as an SSE reader does.
func parseEvent(t *testing.T, block string) (string, string) {
	t.Helper()
	if !strings.HasSuffix(block, "\n\n") || strings.Count(block, "\n\n") != 1 {
		t.Fatalf("%q is not one event ended by a blank line", block)
	}
	name := "message"
	var data []string
	for _, line := range strings.Split(strings.TrimSuffix(block, "\n\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = append(data, strings.TrimPrefix(line, "data: "))
		default:
			t.Fatalf("%q: unexpected line %q", block, line)
		}
	}
	return name, strings.Join(data, "\n")
}

// TestStreamRoundTrips: every code of the catalog, written as the error event a server
// sends (ErrorEvent) and classified again, is an error of the same code, type, status,
// policy and Go type; the end a server writes (EndEvent) is the end.
func TestStreamRoundTrips(t *testing.T) {
	cat := loadCatalog(t)
	format, declared := CatalogStream()
	event, shape := "message", ShapeEnvelope
	if declared {
		event, shape = format.Event, format.Shape
	}
	passed, failed := 0, 0
	fail := func(format string, args ...interface{}) {
		failed++
		t.Errorf(format, args...)
	}
	for _, c := range cat.Codes {
		info, ok := LookupCode(c.Name)
		if !ok {
			fail("code %s is not in the package", c.Name)
			continue
		}
		sent := FromResponse(c.Status, nil, envelope(map[string]interface{}{
			"message": info.Message, "type": c.Type, "code": c.Name, "param": "p \"q\"\n<&>",
		}))
		block := ErrorEvent(sent)
		name, data := parseEvent(t, block)
		if name != event || strings.HasPrefix(block, "event: message\n") {
			fail("%s: written as an event named %q, the catalog's is %q: %q", c.Name, name, event, block)
			continue
		}
		ev := FromStreamEvent(name, data)
		back := ev.APIError()
		if ev.Kind != StreamError || back == nil {
			fail("%s: %q reads back as %s", c.Name, block, ev.Kind)
			continue
		}
		wantType := c.Type
		if shape == ShapeFlat {
			// The flat form carries no type: the stream type, and the code decides.
			wantType = StatusType(http.StatusInternalServerError)
		}
		if !back.HasCode || back.Code != c.Name || back.Type != wantType || back.Status != c.Status ||
			string(back.Policy) != c.Retry || !back.HasParam || back.Param != "p \"q\"\n<&>" ||
			back.Message != info.Message || !back.FromStream {
			fail("%s: %q reads back as %+v", c.Name, block, back)
			continue
		}
		if reflect.TypeOf(ev.Err) != reflect.TypeOf(sent) || !errors.Is(ev.Err, CodeErrors[c.Name]) {
			fail("%s: reads back as a %T, sent as a %T", c.Name, ev.Err, sent)
			continue
		}
		passed++
	}
	end, hasEnd := EndEvent()
	switch {
	case hasEnd != (declared && (format.HasEndData || format.HasEndEvent)):
		fail("EndEvent says %v for the format %+v", hasEnd, format)
	case hasEnd:
		if ev := FromStreamEvent(parseEvent(t, end)); ev.Kind != StreamEnd {
			fail("the end event %q reads back as %s", end, ev.Kind)
		} else {
			passed++
		}
	}
	fmt.Printf("go stream round trips: %d passed, %d failed\n", passed, failed)
}

func TestStreamBehaviour(t *testing.T) {
	passed, failed := 0, 0
	check := func(name string, ok bool) {
		if ok {
			passed++
		} else {
			failed++
			t.Errorf("%s", name)
		}
	}
	format, declared := CatalogStream()
	for _, data := range []string{
		"", "{", "\xff\xfe", `{"error": ` + strings.Repeat("[", 100000), `{"\u0065rror": {}}`,
		`{"type": "error", "type": "x"}`, `{"error": {"code": 1e400}}`, "\x00", "[DONE]\n",
	} {
		for _, name := range []string{"message", "error", "", "response.failed", "\xff"} {
			ev := FromStreamEvent(name, data)
			ok := ev.Kind == StreamContent || ev.Kind == StreamEnd || ev.Kind == StreamError
			if ev.Kind == StreamError {
				e := ev.APIError()
				ok = e != nil && e.FromStream && e.Status >= 400 && e.Status <= 599 && e.Error() != ""
			} else {
				ok = ok && ev.Err == nil
			}
			check(fmt.Sprintf("%q %q is an end, an error or content", name, data), ok)
		}
	}
	deep := `{"error": {"message": "m", "x": ` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}}"
	check("data nested 100,000 deep is not JSON, so content", FromStreamEvent("message", deep).Kind == StreamContent)
	e := FromStreamEvent("error", "\xffdown").APIError()
	check("an error event's text is its message, decoded as a body is",
		e != nil && e.Message == "\uFFFDdown" && !e.HasCode && e.Type == StatusType(http.StatusInternalServerError))
	check("an event named error with empty data", FromStreamEvent("error", "").APIError().Message == "(empty body)")
	check("an error member that is text is content", FromStreamEvent("message", `{"error": "x"}`).Kind == StreamContent)
	if !declared || !format.HasEndData || format.EndData != "[DONE]" {
		check("[DONE] is content without that end", FromStreamEvent("message", "[DONE]").Kind != StreamEnd)
	}
	if declared && format.HasEndEvent {
		check("the end event is the end whatever its data", FromStreamEvent(format.EndEvent, `{"error": {}}`).Kind == StreamEnd)
	}
	ev := FromStreamEvent("message", `{"error": {"message": "m", "type": "t", "code": 7}}`)
	check("an error read from a stream says so", ev.APIError().FromStream && strings.HasPrefix(ev.Err.Error(), "stream error (status 500) t (7): m"))

	now := 1767225600.0
	d := StreamRetryDecision(ev.Err, true, headerOf(ShouldRetry, "true"), 1, 0, now, DefaultConfig(), 0.5)
	check("an error after content gives up before the verdict", !d.Retry && d.Reason == ReasonPartial && d.Policy == PolicyBackoff && d.DelayMs == nil)
	resuming := DefaultConfig()
	resuming.RetryPartial = true
	d = StreamRetryDecision(ev.Err, true, nil, 1, 0, now, resuming, 0.5)
	check("RetryPartial decides it as if nothing was delivered", d.Retry && d.Reason == "")
	d = StreamRetryDecision(ev.Err, false, headerOf(ShouldRetry, "false"), 1, 0, now, DefaultConfig(), 0.5)
	check("the stream response's verdict decides", !d.Retry && d.Reason == ReasonFatal)
	d = StreamRetryDecision(io.ErrUnexpectedEOF, false, headerOf(RetryAfter, "9"), 1, 0, now, DefaultConfig(), 0.5)
	check("a stream that broke off before content backs off without a hint",
		d.Retry && d.Policy == "" && d.HintSource == "" && *d.DelayCeilingMs == BackoffBaseMs)
	d = StreamRetryDecision(nil, true, nil, 1, 0, now, DefaultConfig(), 0.5)
	check("a stream that broke off after content gives up", !d.Retry && d.Reason == ReasonPartial)

	name, data := parseEvent(t, ErrorEvent(errors.New("boom")))
	e = FromStreamEvent(name, data).APIError()
	check("an error that is not an *APIError is written as a 500", e != nil && e.Message == "boom" && e.Status == http.StatusInternalServerError)
	for _, ty := range loadCatalog(t).Types {
		status, ok := TypeStatus(ty.Name)
		check("the status of the type "+ty.Name, ok && status == ty.Status)
		data := envelope(map[string]interface{}{"message": "m", "type": ty.Name, "code": "brand_new_code"})
		e := FromStreamEvent("message", string(data)).APIError()
		check("an unknown code of the type "+ty.Name+" takes its status", e != nil && e.Status == ty.Status)
	}
	fmt.Printf("go stream checks: %d passed, %d failed\n", passed, failed)
}
