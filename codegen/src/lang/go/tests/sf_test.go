package kiwipackage

import (
	"encoding/base32"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The HTTP WG's structured-field test suite (KIWI_SF_TESTS): every list, dictionary
// and item parsing case.

type sfCase struct {
	Name       string          `json:"name"`
	Raw        []string        `json:"raw"`
	HeaderType string          `json:"header_type"`
	Expected   json.RawMessage `json:"expected"`
	MustFail   bool            `json:"must_fail"`
	CanFail    bool            `json:"can_fail"`
}

func sfBareJSON(b sfBare) interface{} {
	switch b.kind {
	case sfInteger:
		return float64(b.integer)
	case sfDecimal:
		return b.decimal
	case sfString:
		return b.text
	case sfToken:
		return map[string]interface{}{"__type": "token", "value": b.text}
	case sfBinary:
		return map[string]interface{}{"__type": "binary", "value": base32.StdEncoding.EncodeToString(b.bytes)}
	case sfBoolean:
		return b.boolean
	case sfDate:
		return map[string]interface{}{"__type": "date", "value": float64(b.integer)}
	case sfDisplayString:
		return map[string]interface{}{"__type": "displaystring", "value": b.text}
	}
	return nil
}

func sfParamsJSON(params []sfParam) []interface{} {
	out := []interface{}{}
	for _, p := range params {
		out = append(out, []interface{}{p.key, sfBareJSON(p.value)})
	}
	return out
}

func sfMemberJSON(m sfMember) interface{} {
	if m.inner != nil {
		items := []interface{}{}
		for _, i := range m.inner {
			items = append(items, sfMemberJSON(i))
		}
		return []interface{}{items, sfParamsJSON(m.params)}
	}
	return []interface{}{sfBareJSON(m.bare), sfParamsJSON(m.params)}
}

// sameJSON compares a parsed value with the suite's expected one, numbers within a
// relative 1e-9.
func sameJSON(a, b interface{}) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y)))
	case []interface{}:
		y, ok := b.([]interface{})
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]interface{}:
		y, ok := b.(map[string]interface{})
		if !ok || len(x) != len(y) {
			return false
		}
		for k := range x {
			if !sameJSON(x[k], y[k]) {
				return false
			}
		}
		return true
	}
	return a == b
}

func TestStructuredFieldSuite(t *testing.T) {
	dir := os.Getenv("KIWI_SF_TESTS")
	if dir == "" {
		t.Fatal("KIWI_SF_TESTS names no directory")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files in %s", dir)
	}
	sort.Strings(files)
	passed, failed := 0, 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var cases []sfCase
		if err := json.Unmarshal(data, &cases); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, c := range cases {
			if c.Raw == nil {
				continue
			}
			field := strings.Join(c.Raw, ", ")
			var got interface{}
			ok := false
			switch c.HeaderType {
			case "list":
				var list []sfMember
				if list, ok = parseSFList(field); ok {
					out := []interface{}{}
					for _, m := range list {
						out = append(out, sfMemberJSON(m))
					}
					got = out
				}
			case "dictionary":
				var dict []sfDictMember
				if dict, ok = parseSFDictionary(field); ok {
					out := []interface{}{}
					for _, m := range dict {
						out = append(out, []interface{}{m.key, sfMemberJSON(m.member)})
					}
					got = out
				}
			case "item":
				var item sfMember
				if item, ok = parseSFItem(field); ok {
					got = sfMemberJSON(item)
				}
			default:
				continue
			}
			name := fmt.Sprintf("%s: %s", filepath.Base(file), c.Name)
			switch {
			case c.MustFail && ok:
				t.Errorf("%s: parsed %q, must fail", name, field)
				failed++
			case c.MustFail:
				passed++
			case !ok && c.CanFail:
				passed++
			case !ok:
				t.Errorf("%s: failed to parse %q", name, field)
				failed++
			default:
				var want interface{}
				if err := json.Unmarshal(c.Expected, &want); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if sameJSON(got, want) {
					passed++
				} else {
					t.Errorf("%s: %q parsed as %v, expected %v", name, field, got, want)
					failed++
				}
			}
		}
	}
	fmt.Printf("go structured fields: %d passed, %d failed\n", passed, failed)
}
