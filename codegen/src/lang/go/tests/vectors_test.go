package kiwipackage

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"testing"
)

type vectorCase struct {
	Name          string      `json:"name"`
	Section       string      `json:"section"`
	Status        int         `json:"status"`
	Headers       [][2]string `json:"headers"`
	Body          string      `json:"body"`
	Attempt       int         `json:"attempt"`
	ElapsedS      float64     `json:"elapsed_s"`
	Now           float64     `json:"now"`
	MaxAttempts   int         `json:"max_attempts"`
	MaxHintS      float64     `json:"max_hint_s"`
	DeadlineS     *float64    `json:"deadline_s"`
	HintJitterMs  float64     `json:"hint_jitter_ms"`
	BackoffBaseMs float64     `json:"backoff_base_ms"`
	BackoffCapMs  float64     `json:"backoff_cap_ms"`
	Random        float64     `json:"random"`
	Expected      struct {
		Policy         string   `json:"policy"`
		ErrorType      string   `json:"error_type"`
		Code           *string  `json:"code"`
		Param          *string  `json:"param"`
		Message        string   `json:"message"`
		Retry          bool     `json:"retry"`
		Reason         *string  `json:"reason"`
		HintSource     *string  `json:"hint_source"`
		DelayMs        *float64 `json:"delay_ms"`
		DelayFloorMs   *float64 `json:"delay_floor_ms"`
		DelayCeilingMs *float64 `json:"delay_ceiling_ms"`
		RetryAfterMs   *float64 `json:"retry_after_ms"`
	} `json:"expected"`
}

func loadVectors(t *testing.T) []vectorCase {
	path := os.Getenv("KIWI_VECTORS")
	if path == "" {
		path = "../retry.vectors.json"
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the vectors (KIWI_VECTORS): %v", err)
	}
	var file struct {
		Cases []vectorCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	if len(file.Cases) == 0 {
		t.Fatalf("%s has no cases", path)
	}
	return file.Cases
}

func (c *vectorCase) header() http.Header {
	h := http.Header{}
	for _, line := range c.Headers {
		h.Add(line[0], line[1])
	}
	return h
}

func text(s string, ok bool) *string {
	if !ok {
		return nil
	}
	return &s
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func show(p interface{}) string {
	switch v := p.(type) {
	case *string:
		if v == nil {
			return "null"
		}
		return fmt.Sprintf("%q", *v)
	case *float64:
		if v == nil {
			return "null"
		}
		return fmt.Sprintf("%v", *v)
	}
	return fmt.Sprintf("%v", p)
}

func sameText(a, b *string) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func sameMs(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || math.Abs(*a-*b) <= 0.001)
}

func TestRetryVectors(t *testing.T) {
	cases := loadVectors(t)
	passed, failed := 0, 0
	for i := range cases {
		c := &cases[i]
		config := Config{
			MaxAttempts:   c.MaxAttempts,
			MaxHintS:      c.MaxHintS,
			DeadlineS:     c.DeadlineS,
			HintJitterMs:  c.HintJitterMs,
			BackoffBaseMs: c.BackoffBaseMs,
			BackoffCapMs:  c.BackoffCapMs,
		}
		d := RetryDecision(c.Status, c.header(), []byte(c.Body), c.Attempt, c.ElapsedS, c.Now, config, c.Random)
		var e *APIError
		if !errors.As(FromResponse(c.Status, c.header(), []byte(c.Body)), &e) {
			t.Fatalf("%s: FromResponse gave no *APIError", c.Name)
		}
		want := &c.Expected
		var bad []string
		check := func(field string, ok bool, got, expected interface{}) {
			if !ok {
				bad = append(bad, fmt.Sprintf("%s = %s, expected %s", field, show(got), show(expected)))
			}
		}
		check("policy", string(d.Policy) == want.Policy && string(e.Policy) == want.Policy, d.Policy, want.Policy)
		check("error_type", e.Type == want.ErrorType, e.Type, want.ErrorType)
		check("code", sameText(text(e.Code, e.HasCode), want.Code), text(e.Code, e.HasCode), want.Code)
		check("param", sameText(text(e.Param, e.HasParam), want.Param), text(e.Param, e.HasParam), want.Param)
		check("message", e.Message == want.Message, e.Message, want.Message)
		check("retry", d.Retry == want.Retry, d.Retry, want.Retry)
		check("reason", sameText(optional(string(d.Reason)), want.Reason), optional(string(d.Reason)), want.Reason)
		check("hint_source", sameText(optional(string(d.HintSource)), want.HintSource), optional(string(d.HintSource)), want.HintSource)
		check("delay_ms", sameMs(d.DelayMs, want.DelayMs), d.DelayMs, want.DelayMs)
		check("delay_floor_ms", sameMs(d.DelayFloorMs, want.DelayFloorMs), d.DelayFloorMs, want.DelayFloorMs)
		check("delay_ceiling_ms", sameMs(d.DelayCeilingMs, want.DelayCeilingMs), d.DelayCeilingMs, want.DelayCeilingMs)
		check("retry_after_ms", sameMs(d.RetryAfterMs, want.RetryAfterMs), d.RetryAfterMs, want.RetryAfterMs)
		if len(bad) > 0 {
			failed++
			t.Errorf("[section %s] %s: %v", c.Section, c.Name, bad)
		} else {
			passed++
		}
	}
	fmt.Printf("go vectors: %d passed, %d failed\n", passed, failed)
}

// TestRoundTrips: the error of every vector, written back out as its envelope and read
// again with the same status, keeps its policy (and its type, code and param).
func TestRoundTrips(t *testing.T) {
	cases := loadVectors(t)
	passed := 0
	for i := range cases {
		c := &cases[i]
		first := ParseError(c.Status, []byte(c.Body))
		again := ParseError(c.Status, first.Body())
		if again.Policy != first.Policy {
			t.Errorf("%s: policy %s, %s after a round trip (%s)", c.Name, first.Policy, again.Policy, first.Body())
			continue
		}
		if again.Type != first.Type || again.HasCode != first.HasCode || again.Code != first.Code ||
			again.HasParam != first.HasParam || again.Param != first.Param || again.Message != first.Message {
			t.Errorf("%s: %+v, %+v after a round trip", c.Name, first, again)
			continue
		}
		passed++
	}
	fmt.Printf("go round trips: %d passed, %d failed\n", passed, len(cases)-passed)
}
