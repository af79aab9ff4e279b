package kiwipackage

import (
	"strconv"
	"unicode/utf8"
)

// jsonValue is a parsed JSON value: only what reading an error needs is kept (the
// kind of every value, strings, numbers, and the members of objects).
type jsonValue struct {
	kind    jsonKind
	str     string
	num     float64
	members map[string]*jsonValue
}

type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// parseJSON reads a body as JSON (the retry specification, section 7.1): valid UTF-8,
// one RFC 8259 text, no unpaired surrogate escapes, every number finite as a double,
// no array or object nested deeper than MaxJSONDepth. When an object repeats a member
// name, the last one counts.
func parseJSON(b []byte) (*jsonValue, bool) {
	if !utf8.Valid(b) {
		return nil, false
	}
	p := jsonParser{b: b}
	p.space()
	v, ok := p.value(1)
	if !ok {
		return nil, false
	}
	p.space()
	if p.i != len(p.b) {
		return nil, false
	}
	return v, true
}

type jsonParser struct {
	b []byte
	i int
}

func (p *jsonParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) literal(word string) bool {
	if len(p.b)-p.i < len(word) || string(p.b[p.i:p.i+len(word)]) != word {
		return false
	}
	p.i += len(word)
	return true
}

// value reads one value at the given depth (the outermost value is at depth 1).
func (p *jsonParser) value(depth int) (*jsonValue, bool) {
	if p.i >= len(p.b) {
		return nil, false
	}
	switch c := p.b[p.i]; {
	case c == '{':
		if depth > MaxJSONDepth {
			return nil, false
		}
		return p.object(depth)
	case c == '[':
		if depth > MaxJSONDepth {
			return nil, false
		}
		return p.array(depth)
	case c == '"':
		s, ok := p.string()
		if !ok {
			return nil, false
		}
		return &jsonValue{kind: jsonString, str: s}, true
	case c == 't':
		return &jsonValue{kind: jsonBool}, p.literal("true")
	case c == 'f':
		return &jsonValue{kind: jsonBool}, p.literal("false")
	case c == 'n':
		return &jsonValue{kind: jsonNull}, p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	return nil, false
}

func (p *jsonParser) object(depth int) (*jsonValue, bool) {
	p.i++
	v := &jsonValue{kind: jsonObject, members: map[string]*jsonValue{}}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return v, true
	}
	for {
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, false
		}
		name, ok := p.string()
		if !ok {
			return nil, false
		}
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, false
		}
		p.i++
		p.space()
		member, ok := p.value(depth + 1)
		if !ok {
			return nil, false
		}
		v.members[name] = member
		p.space()
		if p.i >= len(p.b) {
			return nil, false
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return v, true
		default:
			return nil, false
		}
	}
}

func (p *jsonParser) array(depth int) (*jsonValue, bool) {
	p.i++
	p.space()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return &jsonValue{kind: jsonArray}, true
	}
	for {
		p.space()
		if _, ok := p.value(depth + 1); !ok {
			return nil, false
		}
		p.space()
		if p.i >= len(p.b) {
			return nil, false
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return &jsonValue{kind: jsonArray}, true
		default:
			return nil, false
		}
	}
}

func (p *jsonParser) hex4() (rune, bool) {
	if len(p.b)-p.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range p.b[p.i : p.i+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

func (p *jsonParser) string() (string, bool) {
	p.i++
	var out []byte
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			out = append(out, p.b[start:p.i]...)
			p.i++
			return string(out), true
		case c < 0x20:
			return "", false
		case c == '\\':
			out = append(out, p.b[start:p.i]...)
			p.i++
			if p.i >= len(p.b) {
				return "", false
			}
			e := p.b[p.i]
			p.i++
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", false
				}
				if r >= 0xDC00 && r <= 0xDFFF {
					return "", false
				}
				if r >= 0xD800 && r <= 0xDBFF {
					if !p.literal("\\u") {
						return "", false
					}
					low, ok := p.hex4()
					if !ok || low < 0xDC00 || low > 0xDFFF {
						return "", false
					}
					r = 0x10000 + (r-0xD800)<<10 + (low - 0xDC00)
				}
				out = utf8.AppendRune(out, r)
			default:
				return "", false
			}
			start = p.i
		default:
			p.i++
		}
	}
	return "", false
}

func (p *jsonParser) number() (*jsonValue, bool) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.b[p.i] == '-' {
		p.i++
	}
	if p.i < len(p.b) && p.b[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return nil, false
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, false
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, false
		}
	}
	f, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
	if err != nil {
		// Out of range: the number is not finite as a double.
		return nil, false
	}
	return &jsonValue{kind: jsonNumber, num: f}, true
}
