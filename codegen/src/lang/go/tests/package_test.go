package kiwipackage

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
)

// The module's behaviour, driven by the catalog data it was generated from
// (KIWI_CATALOG_JSON): a type and a sentinel per error status and per code, fallbacks
// for unknown codes and statuses, codes as text, bodies that are not envelopes, the
// reset formats of server hints.

type catalogData struct {
	Statuses []struct {
		Code    int    `json:"code"`
		Success bool   `json:"success"`
		Retry   string `json:"retry"`
	} `json:"statuses"`
	Types []struct {
		Name   string `json:"name"`
		Status int    `json:"status"`
	} `json:"types"`
	Codes []struct {
		Name        string   `json:"name"`
		Type        string   `json:"type"`
		Status      int      `json:"status"`
		Retry       string   `json:"retry"`
		Retryable   bool     `json:"retryable"`
		Remediation []string `json:"remediation"`
		DocURL      string   `json:"doc_url"`
	} `json:"codes"`
}

func loadCatalog(t *testing.T) catalogData {
	path := os.Getenv("KIWI_CATALOG_JSON")
	if path == "" {
		path = "../errors.catalog.json"
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the catalog (KIWI_CATALOG_JSON): %v", err)
	}
	var c catalogData
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	return c
}

func envelope(members map[string]interface{}) []byte {
	out, _ := json.Marshal(map[string]interface{}{"error": members})
	return out
}

func apiError(t *testing.T, err error) *APIError {
	t.Helper()
	var e *APIError
	if !errors.As(err, &e) {
		t.Fatalf("%v (%T) is not an *APIError", err, err)
	}
	return e
}

func TestPackageBehaviour(t *testing.T) {
	cat := loadCatalog(t)
	passed, failed := 0, 0
	check := func(name string, ok bool) {
		if ok {
			passed++
		} else {
			failed++
			t.Errorf("%s", name)
		}
	}
	listed := map[int]bool{}
	statusType := map[int]reflect.Type{}
	for _, s := range cat.Statuses {
		listed[s.Code] = true
		if s.Success {
			_, has := StatusErrors[s.Code]
			check(fmt.Sprintf("success status %d has no sentinel", s.Code), !has)
			continue
		}
		sentinel := StatusErrors[s.Code]
		check(fmt.Sprintf("status %d has a sentinel", s.Code), sentinel != nil)
		err := FromResponse(s.Code, nil, envelope(map[string]interface{}{"message": "m", "type": "t", "code": "brand_new_code"}))
		e := apiError(t, err)
		statusType[s.Code] = reflect.TypeOf(err)
		check(fmt.Sprintf("status %d has its own type", s.Code), reflect.TypeOf(err) != reflect.TypeOf(e))
		check(fmt.Sprintf("unknown code at %d is its status's", s.Code), errors.Is(err, sentinel) && e.Code == "brand_new_code")
		check(fmt.Sprintf("unknown code at %d has the status policy", s.Code), string(e.Policy) == s.Retry)
		check(fmt.Sprintf("unknown code at %d unwraps to the *APIError", s.Code), errors.Unwrap(err) == error(e))
	}
	for _, c := range cat.Codes {
		sentinel := CodeErrors[c.Name]
		check(fmt.Sprintf("code %s has a sentinel", c.Name), sentinel != nil)
		err := FromResponse(c.Status, http.Header{"X-Request-Id": {"r1"}},
			envelope(map[string]interface{}{"message": "m", "type": c.Type, "code": c.Name, "param": "p"}))
		e := apiError(t, err)
		check(fmt.Sprintf("code %s matches its sentinel and its status's", c.Name),
			errors.Is(err, sentinel) && errors.Is(err, StatusErrors[c.Status]))
		check(fmt.Sprintf("code %s has its own type under its status's", c.Name),
			reflect.TypeOf(err) != statusType[c.Status] && reflect.TypeOf(errors.Unwrap(err)) == statusType[c.Status])
		for _, other := range cat.Codes {
			if other.Name != c.Name && errors.Is(err, CodeErrors[other.Name]) {
				check(fmt.Sprintf("code %s matches the sentinel of %s", c.Name, other.Name), false)
			}
		}
		info, ok := e.CodeInfo()
		check(fmt.Sprintf("code %s carries type, status and param", c.Name),
			e.Type == c.Type && e.Status == c.Status && e.HasParam && e.Param == "p")
		check(fmt.Sprintf("code %s carries retry, remediation, doc URL", c.Name),
			ok && string(e.Policy) == c.Retry && reflect.DeepEqual(info.Remediation, c.Remediation) &&
				info.DocURL == c.DocURL && e.Retryable() == c.Retryable)
		check(fmt.Sprintf("%v names its code", err), strings.Contains(err.Error(), c.Name))
	}

	isTransient := func(s int) bool {
		for _, t := range TransientStatuses {
			if t == s {
				return true
			}
		}
		return false
	}
	unlisted4xx := 0
	for s := 418; s < 500; s++ {
		if !listed[s] && !isTransient(s) {
			unlisted4xx = s
			break
		}
	}
	err := FromResponse(unlisted4xx, nil, envelope(map[string]interface{}{"message": "teapot", "type": "odd_error"}))
	check("an unlisted status is an *APIError", reflect.TypeOf(err) == reflect.TypeOf(&APIError{}) &&
		apiError(t, err).Message == "teapot" && apiError(t, err).Policy == PolicyNever)
	check("an unlisted status without a type gets http_4xx_error", apiError(t, FromResponse(unlisted4xx, nil, []byte("teapot"))).Type == "http_4xx_error")
	unlisted5xx := 0
	for s := 502; s < 600; s++ {
		if !listed[s] {
			unlisted5xx = s
			break
		}
	}
	err = FromResponse(unlisted5xx, nil, []byte("Bad Gateway"))
	check("an unlisted 5xx is retryable", apiError(t, err).Retryable() && apiError(t, err).Type == "http_5xx_error")
	if !listed[500] {
		check("an unlisted 5xx has the server error type", reflect.TypeOf(err) != reflect.TypeOf(&APIError{}))
	}

	for body, want := range map[string]string{
		`{"error": {"message": "m", "type": "t", "code": 400123}}`:    "400123",
		`{"error": {"message": "m", "type": "t", "code": 4.00123e5}}`: "400123",
		`{"error": {"message": "m", "type": "t", "code": -0}}`:        "0",
		`{"error": {"message": "m", "type": "t", "code": ""}}`:        "",
	} {
		e := ParseError(400, []byte(body))
		check("a code as text: "+body, e.HasCode && e.Code == want)
	}
	for _, body := range []string{
		`{"error": {"message": "m", "type": "t", "code": null, "param": null}}`,
		`{"error": {"message": "m", "type": "t", "code": true, "param": [1]}}`,
		`{"error": {"message": "m", "type": "t", "code": 1.5, "param": {}}}`,
		`{"error": {"message": "m", "type": "t", "code": 9007199254740992}}`,
	} {
		e := ParseError(400, []byte(body))
		check("no code nor param: "+body, !e.HasCode && !e.HasParam)
	}
	check("a body that is not JSON is the message", ParseError(503, []byte("<html>Service Unavailable</html>")).Message == "<html>Service Unavailable</html>")
	long := ParseError(500, []byte(strings.Repeat("x", 5000))).Message
	check("a long body is cut with a note of its length", long == strings.Repeat("x", MaxMessageBytes)+" \u2026 (5000 bytes in all)")
	accents := ParseError(500, []byte(strings.Repeat("\u00e9", 3000))).Message
	head := strings.SplitN(accents, " \u2026 ", 2)[0]
	check("the cut never splits a character", len(head) <= MaxMessageBytes && !strings.Contains(head, "\uFFFD") &&
		strings.HasSuffix(accents, "(6000 bytes in all)"))
	check("a body of exactly the cap is kept whole", ParseError(500, []byte(strings.Repeat("x", MaxMessageBytes))).Message == strings.Repeat("x", MaxMessageBytes))
	check("an empty body says so", ParseError(502, nil).Message == "(empty body)")
	check("invalid UTF-8 is replaced by maximal subparts", ParseError(500, []byte("a\xe2\x82b\xffc\xf0\x9f\x98")).Message == "a\uFFFDb\uFFFDc\uFFFD")
	check("a top-level message is the message", ParseError(503, []byte(`{"message": "top-level"}`)).Message == "top-level")
	check("error as text is the message", ParseError(429, []byte(`{"error": "slow down"}`)).Message == "slow down")
	deep := `{"error": {"message": "m", "type": "t", "x": ` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}}"
	check("a body nested 100,000 deep is not JSON", ParseError(503, []byte(deep)).Message == bodyText([]byte(deep)))
	check("a lone surrogate makes the body not JSON", ParseError(400, []byte(`{"error": {"message": "\ud800", "type": "t"}}`)).Type == StatusType(400))
	for _, s := range cat.Statuses {
		if s.Success {
			continue
		}
		var types []string
		for _, ty := range cat.Types {
			if ty.Status == s.Code {
				types = append(types, ty.Name)
			}
		}
		want := fmt.Sprintf("http_%dxx_error", s.Code/100)
		if len(types) == 1 {
			want = types[0]
		}
		check(fmt.Sprintf("a body without a type at %d gets the type %s", s.Code, want),
			ParseError(s.Code, []byte("<html>down</html>")).Type == want && StatusType(s.Code) == want)
	}

	now := 1767225600.0
	// Header names from the package's constants, rendered from the runtime's.
	first, second := WindowResets[0], WindowResets[1]
	lastReset := WindowResets[len(WindowResets)-1][0]
	for _, c := range []struct {
		header http.Header
		want   float64
	}{
		{headerOf(RateLimitReset, "1m30.5s"), 90.5},
		{headerOf(RateLimitReset, "2026-01-01T00:00:42Z"), 42},
		{headerOf(lastReset, "2026-01-01T01:00:05.5+01:00"), 5.5},
		{headerOf(RateLimitField, `"a";r=0;t=5, "b";r=3;t=100, "c";r=0;t=9`), 9},
		{headerOf(RateLimitField, "limit=10, remaining=0, reset=7"), 7},
		{headerOf(second[1], "0", second[0], "6m0s", first[1], "0", first[0], "1s"), 360},
		{headerOf(RetryAfter, "Thu, 01 Jan 2026 00:00:10 GMT"), 10},
	} {
		h, ok := ServerHint(c.header, now)
		check(fmt.Sprintf("ServerHint reads %v", c.header), ok && float64(h.WaitNs) == c.want*1e9)
	}
	_, ok := ServerHint(headerOf(second[1], "5000", second[0], "6m0s"), now)
	check("a window with room is no hint", !ok)
	h, ok := ServerHint(headerOf(RateLimitField, `"default";r=0;t=30`, RetryAfter, "2"), now)
	check("Retry-After wins over a reset", ok && h == Hint{2e9, SourceRetryAfter})
	h, ok = ServerHint(http.Header{RetryAfterMs: {"1500"}}, now)
	check("a header map with names as sent is read alike", ok && h == Hint{15e8, SourceRetryAfterMs})

	d := RetryDecision(400, headerOf(ShouldRetry, "true"), nil, 1, 0, now, DefaultConfig(), 0.5)
	check("x-should-retry true beats the status", d.Retry && d.Policy == PolicyNever)
	d = RetryDecision(503, headerOf(RetryAfter, "3"), nil, 1, 0, now, DefaultConfig(), 0)
	check("Retry-After gives the delay floor", d.Retry && d.HintSource == SourceRetryAfter && *d.DelayFloorMs == 3000 && d.Delay() == 3e9)
	d = RetryDecision(503, nil, nil, 1, 9.9, now, DefaultConfig().WithDeadline(10), 0.5)
	check("a backoff past the deadline gives up", !d.Retry && d.Reason == ReasonDeadline && d.DelayMs == nil)
	d = RetryDecision(503, nil, nil, MaxAttempts, 0, now, DefaultConfig(), 0.5)
	check("the last attempt gives up", !d.Retry && d.Reason == ReasonAttempts)
	fmt.Printf("go package checks: %d passed, %d failed\n", passed, failed)
}

// headerOf builds a header map from name, value pairs, each name canonicalised as
// net/http does for a received response.
func headerOf(pairs ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(pairs); i += 2 {
		h.Add(pairs[i], pairs[i+1])
	}
	return h
}
